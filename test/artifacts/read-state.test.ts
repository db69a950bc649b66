/**
 * `--state <dir>`: our plan and dbt's run_results.json of an earlier run. Every way the folder can
 * be wrong names the file; a folder without run results still serves state: and --defer.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { readState } from '../../lib/artifacts/read-state.ts';
import { retryCommand } from '../../lib/cli/commands/retry-command.ts';
import { PLAN_VERSION } from '../../lib/plan/plan.ts';

const root = await mkdtemp(join(tmpdir(), 'crm-read-state-'));
afterAll(() => rm(root, { recursive: true, force: true }));

let dir: string;
let count = 0;
beforeEach(async () => {
  count += 1;
  dir = join(root, String(count));
  await mkdir(dir);
});

const plan = { planVersion: PLAN_VERSION, project: 'crm', target: 'duckdb', vars: {}, sources: [], models: [], tests: [], exposures: [] };
const runResult = (status: string) => ({
  status,
  timing: [],
  thread_id: 'main',
  execution_time: 0.1,
  adapter_response: {},
  message: null,
  failures: null,
  unique_id: 'model.crm.a',
  compiled: true,
  compiled_code: 'select 1',
  relation_name: 'analytics.a',
});
const runResults = (results: unknown[], args: Record<string, unknown> = { which: 'run' }) => ({
  metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json' },
  results,
  elapsed_time: 1,
  args,
});

describe('readState', () => {
  it('reads the plan alone, or with each node status and the run arguments', async () => {
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(plan));
    expect(await readState(dir)).toEqual({ plan });
    await writeFile(join(dir, 'run_results.json'), JSON.stringify(runResults([runResult('error')])));
    expect(await readState(dir)).toEqual({ plan, results: new Map([['model.crm.a', 'error']]), args: { which: 'run' } });
  });

  it('names a folder without a plan, a file that is not JSON, a plan of another kind and run results that are not v6', async () => {
    await expect(readState(dir)).rejects.toThrow(`--state ${dir}: no manifest.json there; give the target folder of the run to compare with`);
    await writeFile(join(dir, 'manifest.json'), '{"planVersion": 1,');
    await expect(readState(dir)).rejects.toThrow(new RegExp(`^${join(dir, 'manifest.json')}: not JSON`));
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json' }, nodes: {} }));
    await expect(readState(dir)).rejects.toThrow(`${join(dir, 'manifest.json')}: not a crm-warehouse plan of version ${PLAN_VERSION} (dbt's own manifest is not read here)`);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(plan));
    const { thread_id: _dropped, ...withoutThread } = runResult('error');
    await writeFile(join(dir, 'run_results.json'), JSON.stringify(runResults([withoutThread])));
    await expect(readState(dir)).rejects.toThrow(`${join(dir, 'run_results.json')}: not a run-results v6 artifact: results.0.thread_id:`);
  });
});

describe('retry', () => {
  const io = () => {
    const out: string[] = [];
    return { out, io: { out: (line: string) => out.push(line), err: () => undefined, color: false } };
  };

  it('exits with a usage error when the target folder has no run to retry', async () => {
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(plan));
    const options = { target: 'duckdb' as const, targetPath: dir };
    await expect(retryCommand(options, io().io)).rejects.toThrow(`retry: ${dir} has no run_results.json of a run, test or build to retry`);
    await writeFile(join(dir, 'run_results.json'), JSON.stringify(runResults([runResult('error')], { which: 'compile' })));
    await expect(retryCommand(options, io().io)).rejects.toThrow(`retry: ${dir} has no run_results.json of a run, test or build to retry`);
  });

  it('does nothing when the last run had nothing to retry', async () => {
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(plan));
    await writeFile(join(dir, 'run_results.json'), JSON.stringify(runResults([runResult('success')], { which: 'build' })));
    const captured = io();
    expect(await retryCommand({ target: 'duckdb', targetPath: dir }, captured.io)).toBe(0);
    expect(captured.out).toEqual([`Nothing to retry: the last build in ${dir} had no errors, failures or skips.`]);
  });
});
