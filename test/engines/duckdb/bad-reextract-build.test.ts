/**
 * End to end through the CLI on DuckDB: a good build, then a re-extract that cannot be read whole
 * (a 0-byte file next to a rewritten good one). The build must fail naming the file, and every
 * raw, staging, analytics and marts relation must be exactly as the good build left it.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../lib/engines/duckdb/duckdb-engine.ts';
import { runCli, type CliOutcome } from '../../cli/cli-harness.ts';

const FIXTURE = fileURLToPath(new URL('../../fixtures/crm-landing', import.meta.url));
const DAY = 'raw/deals/ingest_date=2026-03-09';

let work: string;
let good: CliOutcome;
let bad: CliOutcome;
let before: Record<string, string>;
let after: Record<string, string>;

/** Every relation of the published schemas, as its sorted rows. */
async function snapshot(database: string): Promise<Record<string, string>> {
  const engine = await DuckDbEngine.open({ path: database, threads: 1 });
  try {
    const relations = await engine.query(
      `select table_schema, table_name from information_schema.tables
        where table_schema in ('raw', 'staging', 'analytics', 'marts') order by 1, 2`,
    );
    const rows: Record<string, string> = {};
    for (const { table_schema: schema, table_name: name } of relations) {
      const content = await engine.query(`select * from ${String(schema)}.${String(name)} order by all`);
      rows[`${String(schema)}.${String(name)}`] = JSON.stringify(content);
    }
    return rows;
  } finally {
    await engine.close();
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bad-reextract-'));
  const landing = join(work, 'landing');
  await cp(FIXTURE, landing, { recursive: true });
  const args = ['build', '--landing', landing, '--target-path', join(work, 'target'), '--database', join(work, 'warehouse.duckdb'), '--vars', '{run_date: 2026-03-10}'];
  good = await runCli(args);
  before = await snapshot(join(work, 'warehouse.duckdb'));
  await writeFile(join(landing, DAY, 'deals.csv'), 'deal_id,deal_name,account_id,contact_id,owner_id,product_id,stage,amount,probability,expected_close_date,closed_at,is_deleted,created_at,updated_at\n');
  await writeFile(join(landing, DAY, 'deals.part3.csv'), '');
  bad = await runCli(args);
  after = await snapshot(join(work, 'warehouse.duckdb'));
}, 600_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a bad re-extract after a good build', () => {
  it('builds the fixture first', () => {
    expect(good.code).toBe(0);
    expect(Object.keys(before).filter((name) => name.startsWith('marts.')).length).toBeGreaterThan(0);
    expect(JSON.parse(before['raw.deals'] ?? '[]').length).toBeGreaterThan(0);
  });

  it('fails the build, naming the unreadable file and why', () => {
    expect(bad.code).not.toBe(0);
    expect(`${bad.out}\n${bad.err}`).toContain(`${DAY}/deals.part3.csv: EMPTY FILE: no header row (0 bytes or blank); the file cannot be read`);
  });

  it('leaves every raw, staging, analytics and marts relation exactly as it was', () => {
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const name of Object.keys(before)) expect(after[name], name).toBe(before[name]);
  });
});
