/**
 * dbt's artifacts and CI flags through the CLI on the hand-checked fixture: `source freshness`
 * writes target/sources.json (sources v3), a build writes run_results.json (run-results v6) and
 * --warn-error turns a build with warnings into exit 1. Validated against our zod transcription of
 * the published schemas' required fields (lib/artifacts/dbt-artifact-schemas.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runResultsSchema, sourcesSchema } from '../../lib/artifacts/dbt-artifact-schemas.ts';
import { runCli } from './cli-harness.ts';

const LANDING = fileURLToPath(new URL('../fixtures/crm-landing', import.meta.url));
const RUN_DATE = '{run_date: 2026-03-10}';

let target: string;

beforeAll(async () => {
  target = await mkdtemp(join(tmpdir(), 'dbt-artifacts-cli-'));
}, 120_000);

afterAll(async () => {
  await rm(target, { recursive: true, force: true });
});

const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(join(target, file), 'utf8'));

describe('dbt artifacts', () => {
  it('build writes run_results.json; with --warn-error its warnings fail the command', async () => {
    const built = await runCli(['build', '--target-path', target, '--landing', LANDING, '--vars', RUN_DATE]);
    expect(built.code, built.out + built.err).toBe(0);
    const results = runResultsSchema.parse(await readJson('run_results.json'));
    const warnings = results.results.filter((result) => result.status === 'warn');
    expect(warnings.length, 'the fixture has data-quality warnings').toBeGreaterThan(0);
    expect(built.out).toContain(`WARN=${warnings.length} `);

    const strict = await runCli(['test', '--target-path', target, '--vars', RUN_DATE, '--warn-error']);
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/^--warn-error: \d+ warnings? fail this run$/m);
  }, 300_000);

  it('source freshness writes sources.json with each table measured', async () => {
    const outcome = await runCli(['source', 'freshness', '--target-path', target, '--vars', RUN_DATE, '--select', 'source:crm.deals', 'source:crm.accounts']);
    expect(outcome.code, outcome.err).toBe(0);
    const sources = sourcesSchema.parse(await readJson('sources.json'));
    expect(sources.results).toEqual([
      expect.objectContaining({ unique_id: 'source.crm.accounts', status: 'pass' }),
      expect.objectContaining({
        unique_id: 'source.crm.deals',
        status: 'warn',
        max_loaded_at: '2026-03-09T00:00:00.000Z',
        max_loaded_at_time_ago_in_s: 48 * 3600,
        criteria: expect.objectContaining({ warn_after: { count: 1, period: 'day' } }),
      }),
    ]);
  });
});
