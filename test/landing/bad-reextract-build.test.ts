/**
 * End to end through the CLI, on DuckDB and on Postgres: after a good build of the hand-made fixture,
 * the same day's deals re-land as a file that cannot be read whole — 0 bytes, a truncated gzip, or a
 * header missing a contract column. Each time the build must fail naming the file and why, and
 * every raw, staging, analytics and marts relation must be exactly as the good build left it (a
 * deleted deal must not come back). The Redshift loader's side of the same rule is tested through
 * the local Data API endpoint in test/engines/redshift-data/local-endpoint.test.ts.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import { runCli, type CliOutcome } from '../cli/cli-harness.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/crm-landing', import.meta.url));
const DAY = 'raw/deals/ingest_date=2026-03-09';
const HEADER = 'deal_id,deal_name,account_id,contact_id,owner_id,product_id,stage,amount,probability,expected_close_date,closed_at,is_deleted,created_at,updated_at';

interface BadFile {
  readonly name: string;
  readonly file: string;
  readonly content: Buffer;
  /** What the failed build must say about it. */
  readonly why: RegExp;
}

const whole = gzipSync(Buffer.from(`${HEADER}\nD9,Late deal,A1,C1,U1,P1,prospecting,100,10,2026-04-01,,false,2026-03-09T10:00:00Z,2026-03-09T10:00:00Z\n`));
const BAD_FILES: readonly BadFile[] = [
  { name: 'a 0-byte file', file: 'deals.part3.csv', content: Buffer.alloc(0), why: /deals\.part3\.csv: EMPTY FILE/ },
  { name: 'a truncated gzip', file: 'deals.part3.csv.gz', content: whole.subarray(0, whole.length - 12), why: /deals\.part3\.csv\.gz: .*(gzip|truncated|unexpected end)/i },
  { name: 'a header missing a contract column', file: 'deals.part3.csv', content: Buffer.from(`${HEADER.replace(',amount', '')}\nD9,x\n`), why: /deals\.part3\.csv: .*amount/ },
];

interface EngineUnderTest {
  readonly target: 'duckdb' | 'postgres';
  /** The warehouse file (DuckDB) or data folder (PGlite) inside `work`. */
  readonly database: string;
  open(database: string): Promise<Engine>;
}

const ENGINES: readonly EngineUnderTest[] = [
  { target: 'duckdb', database: 'warehouse.duckdb', open: (database) => DuckDbEngine.open({ path: database, threads: 1 }) },
  { target: 'postgres', database: 'warehouse.pglite', open: (database) => PgliteEngine.open({ dataDir: database }) },
];

/** Every relation of the published schemas, as its rows in a stable order. */
async function snapshot(engine: Engine): Promise<Record<string, string>> {
  const relations = await engine.query(
    `select table_schema, table_name from information_schema.tables
      where table_schema in ('raw', 'staging', 'analytics', 'intermediate', 'marts') order by 1, 2`,
  );
  const rows: Record<string, string> = {};
  for (const { table_schema: schema, table_name: name } of relations) {
    const content = await engine.query(`select * from ${String(schema)}.${String(name)}`);
    rows[`${String(schema)}.${String(name)}`] = JSON.stringify(content.map((row) => JSON.stringify(row)).sort());
  }
  return rows;
}

async function snapshotOf(engine: EngineUnderTest, database: string): Promise<Record<string, string>> {
  const opened = await engine.open(database);
  try {
    return await snapshot(opened);
  } finally {
    await opened.close();
  }
}

describe.each(ENGINES)('a bad re-extract after a good build on $target', (engine) => {
  let work: string;
  let good: CliOutcome;
  let before: Record<string, string>;

  const buildArgs = (root: string): string[] => [
    'build',
    '--target',
    engine.target,
    '--landing',
    join(root, 'landing'),
    '--target-path',
    join(root, 'target'),
    '--database',
    join(root, engine.database),
    '--vars',
    '{run_date: 2026-03-10}',
  ];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), `bad-reextract-${engine.target}-`));
    await cp(FIXTURE, join(work, 'landing'), { recursive: true });
    good = await runCli(buildArgs(work));
    before = await snapshotOf(engine, join(work, engine.database));
    await cp(join(work, engine.database), join(work, 'good-warehouse'), { recursive: true });
  }, 600_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('builds the fixture first, with the deleted deal D4 gone', () => {
    expect(good.code, good.err).toBe(0);
    expect(Object.keys(before).filter((name) => name.startsWith('marts.')).length).toBeGreaterThan(0);
    expect(before['analytics.fact_deals']).not.toContain('"D4"');
  });

  it.each(BAD_FILES)('fails on $name, naming it, and leaves every relation as it was', async (bad) => {
    // Each case starts from the good build: the same landing folder (unchanged days are recognised
    // by their files' key, size and modification time) and the good warehouse, restored.
    const database = join(work, engine.database);
    await rm(database, { recursive: true, force: true });
    await cp(join(work, 'good-warehouse'), database, { recursive: true });
    const badFile = join(work, 'landing', DAY, bad.file);
    await writeFile(badFile, bad.content);
    try {
      const failed = await runCli(buildArgs(work));
      expect(failed.code).not.toBe(0);
      expect(`${failed.out}\n${failed.err}`).toMatch(bad.why);
      const after = await snapshotOf(engine, database);
      expect(Object.keys(after)).toEqual(Object.keys(before));
      for (const name of Object.keys(before)) expect(after[name], name).toBe(before[name]);
    } finally {
      await rm(badFile);
    }
  }, 600_000);
});
