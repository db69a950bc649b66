/**
 * `crm-warehouse source freshness` on the hand-checked fixture (ingest days 2026-03-08 and 2026-03-09),
 * with dbt's lines and exit codes: a warning exits 0, an ERROR STALE exits 1, a bad selector exits 2.
 * Ages are measured at the end of var run_date, so the same command gives the same answer on any day.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { runCli } from './cli-harness.ts';

const LANDING = fileURLToPath(new URL('../fixtures/crm-landing', import.meta.url));

let target: string;

beforeAll(async () => {
  target = await mkdtemp(join(tmpdir(), 'source-freshness-cli-'));
  const load = await runCli(['load', '--target-path', target, '--landing', LANDING]);
  expect(load.code, load.err).toBe(0);
}, 120_000);

afterAll(async () => {
  await rm(target, { recursive: true, force: true });
});

const freshness = (...args: string[]) => runCli(['source', 'freshness', '--target-path', target, ...args]);

describe('crm-warehouse source freshness', () => {
  it('passes on the day after the last landing and skips tables without freshness', async () => {
    const outcome = await freshness('--vars', '{run_date: 2026-03-09}');
    expect(outcome.code, outcome.err).toBe(0);
    expect(outcome.out).toContain('Freshness measured at the end of run_date 2026-03-09; 9 source tables selected.');
    expect(outcome.out).toMatch(/^1 of 8 START freshness of crm\.accounts \.+ \[RUN\]$/m);
    expect(outcome.out).toMatch(/^4 of 8 PASS freshness of crm\.deals \.+ \[PASS in \d+\.\d\ds\]$/m);
    expect(outcome.out).toContain('Skipped (no freshness in sources.yml): source.crm.products');
    expect(outcome.out).toContain('Done. PASS=8 WARN=0 ERROR=0 SKIP=1 TOTAL=9');
  });

  it('warns a day later and still exits 0, as dbt', async () => {
    const outcome = await freshness('--vars', '{run_date: 2026-03-10}', '--select', 'source:crm.deals');
    expect(outcome.code, outcome.err).toBe(0);
    expect(outcome.out).toMatch(/^1 of 1 WARN freshness of crm\.deals \.+ \[WARN in \d+\.\d\ds\]$/m);
    expect(outcome.out).toContain('newest _ingest_date 2026-03-09T00:00:00.000Z is 48 h old, more than warn_after 1 day');
    expect(outcome.out).toContain('Done. PASS=0 WARN=1 ERROR=0 SKIP=0 TOTAL=1');
  });

  it('is ERROR STALE past error_after and exits 1; the quiet tables still pass', async () => {
    const outcome = await freshness('--vars', '{run_date: 2026-03-11}', '--select', 'source:crm.deals', 'source:crm.accounts');
    expect(outcome.code).toBe(1);
    expect(outcome.out).toMatch(/^1 of 2 PASS freshness of crm\.accounts \.+ \[PASS in/m);
    expect(outcome.out).toMatch(/^2 of 2 ERROR STALE freshness of crm\.deals \.+ \[ERROR STALE in \d+\.\d\ds\]$/m);
    expect(outcome.out).toContain('Done. PASS=1 WARN=0 ERROR=1 SKIP=0 TOTAL=2');
  });

  it('leaves one audit.source_freshness row per checked table per run', async () => {
    const engine = await DuckDbEngine.open({ path: join(target, 'warehouse.duckdb'), threads: 1 });
    try {
      const rows = await engine.query(
        "select snapshotted_at, status, count(*) as checks from audit.source_freshness where source_id = 'source.crm.deals' group by snapshotted_at, status order by snapshotted_at",
      );
      expect(rows).toEqual([
        { snapshotted_at: '2026-03-10T00:00:00.000Z', status: 'pass', checks: 1 },
        { snapshotted_at: '2026-03-11T00:00:00.000Z', status: 'warn', checks: 1 },
        { snapshotted_at: '2026-03-12T00:00:00.000Z', status: 'error', checks: 1 },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('refuses a selector that matches nothing (exit 2)', async () => {
    const outcome = await freshness('--select', 'source:crm.deels');
    expect(outcome.code).toBe(2);
    expect(outcome.err).toContain('source:crm.deels');
  });
});
