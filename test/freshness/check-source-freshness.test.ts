/**
 * The engine-neutral freshness check on every engine the project runs on: DuckDB, Postgres (PGlite) and
 * the Redshift engine through the local Data API endpoint. The same raw tables on each: a fresh one, a
 * stale one, an empty one (an error: no data), a missing one (a runtime error) and one without freshness
 * settings (skipped); every checked table leaves one row in audit.source_freshness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunHistory } from '../../lib/docs/run-history.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import { checkSourceFreshness } from '../../lib/freshness/check-source-freshness.ts';
import type { PlanSource, SourceFreshness } from '../../lib/plan/plan.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';
import { endpointEngine } from '../engines/redshift-data/endpoint-engine.ts';

const DAILY: SourceFreshness = { loadedAtField: '_ingest_date', warnAfter: { count: 1, period: 'day' }, errorAfter: { count: 2, period: 'day' } };

function source(table: string, freshness?: SourceFreshness): PlanSource {
  return {
    id: `source.crm.${table}`,
    sourceName: 'crm',
    tableName: table,
    relation: { schema: 'raw', name: table },
    columns: [{ name: 'id', dataType: 'varchar' }],
    ...(freshness === undefined ? {} : { freshness }),
  };
}

const SOURCES = [
  source('deals', DAILY),
  source('orders', { ...DAILY, loadedAtField: 'updated_at' }),
  source('tickets', DAILY),
  source('users', DAILY),
  source('products'),
];

// Run date 2026-03-10: ages are measured at 2026-03-11 00:00 UTC.
const RAW_TABLES = [
  'create schema if not exists "raw"',
  'create table "raw".deals (id varchar(8), _ingest_date date)',
  `insert into "raw".deals values ('D1', cast('2026-03-09' as date)), ('D2', cast('2026-03-10' as date))`,
  'create table "raw".orders (id varchar(8), updated_at timestamp)',
  `insert into "raw".orders values ('O1', cast('2026-03-08 23:59:59' as timestamp))`,
  'create table "raw".tickets (id varchar(8), _ingest_date date)',
  'create table "raw".products (id varchar(8))',
];

async function checkOn(engine: Engine) {
  await engine.transaction(RAW_TABLES);
  const check = await checkSourceFreshness(engine, SOURCES, { runId: 'run-1', runDate: '2026-03-10' });
  const audit = await engine.query(
    "select source_id, loaded_at_field, max_loaded_at, snapshotted_at, age_seconds, warn_after, error_after, status, message from audit.source_freshness where run_id = 'run-1' order by source_id",
  );
  return { check, audit };
}

function expectSameVerdicts(outcome: Awaited<ReturnType<typeof checkOn>>): void {
  const { check, audit } = outcome;
  expect(check.results.map((result) => [result.name, result.status, result.ageSeconds])).toEqual([
    ['crm.deals', 'pass', 86_400], // newest day 2026-03-10: exactly warn_after old
    ['crm.orders', 'error', 172_801], // one second past error_after
    ['crm.tickets', 'error', null], // empty: no data
    ['crm.users', 'runtime error', null], // no such table
  ]);
  expect(check.skipped).toEqual(['source.crm.products']);
  expect(check.success).toBe(false);
  expect(check.results[2]?.message).toBe('no data: _ingest_date has no value');
  expect(check.results[3]?.message).toMatch(/users/);
  expect(audit.map((row) => ({ ...row, age_seconds: row.age_seconds === null ? null : Number(row.age_seconds), message: row.status === 'runtime error' ? 'x' : row.message }))).toEqual([
    {
      source_id: 'source.crm.deals',
      loaded_at_field: '_ingest_date',
      max_loaded_at: '2026-03-10T00:00:00.000Z',
      snapshotted_at: '2026-03-11T00:00:00.000Z',
      age_seconds: 86_400,
      warn_after: '1 day',
      error_after: '2 days',
      status: 'pass',
      message: null,
    },
    {
      source_id: 'source.crm.orders',
      loaded_at_field: 'updated_at',
      max_loaded_at: '2026-03-08T23:59:59.000Z',
      snapshotted_at: '2026-03-11T00:00:00.000Z',
      age_seconds: 172_801,
      warn_after: '1 day',
      error_after: '2 days',
      status: 'error',
      message: 'newest updated_at 2026-03-08T23:59:59.000Z is 172801 s old, more than error_after 2 days',
    },
    {
      source_id: 'source.crm.tickets',
      loaded_at_field: '_ingest_date',
      max_loaded_at: null,
      snapshotted_at: '2026-03-11T00:00:00.000Z',
      age_seconds: null,
      warn_after: '1 day',
      error_after: '2 days',
      status: 'error',
      message: 'no data: _ingest_date has no value',
    },
    {
      source_id: 'source.crm.users',
      loaded_at_field: '_ingest_date',
      max_loaded_at: null,
      snapshotted_at: '2026-03-11T00:00:00.000Z',
      age_seconds: null,
      warn_after: '1 day',
      error_after: '2 days',
      status: 'runtime error',
      message: 'x',
    },
  ]);
}

describe('source freshness on every engine', () => {
  let endpoint: DataApiEndpoint;
  const engines: Engine[] = [];

  beforeAll(async () => {
    endpoint = await startDataApiEndpoint({ port: 0 });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.close()));
    await endpoint?.close();
  });

  it('DuckDB', async () => {
    const engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    engines.push(engine);
    expectSameVerdicts(await checkOn(engine));
  });

  it('Postgres (PGlite)', async () => {
    const engine = await PgliteEngine.open();
    engines.push(engine);
    expectSameVerdicts(await checkOn(engine));
  }, 60_000);

  it('Redshift, through the Data API endpoint', async () => {
    const { engine } = endpointEngine(endpoint);
    engines.push(engine);
    expectSameVerdicts(await checkOn(engine));
  }, 60_000);

  it('appends a row per check: a second check keeps the first, and the docs read the newest', async () => {
    const engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    engines.push(engine);
    await checkOn(engine);
    const again = await checkSourceFreshness(engine, [source('deals', DAILY)], { runId: 'run-2', runDate: '2026-03-12' });
    expect(again.results.map((result) => result.status)).toEqual(['error']);
    expect(again.success).toBe(false);
    const rows = await engine.query("select run_id, status from audit.source_freshness where source_id = 'source.crm.deals' order by run_id");
    expect(rows).toEqual([
      { run_id: 'run-1', status: 'pass' },
      { run_id: 'run-2', status: 'error' },
    ]);
    // The docs show the newest check of each table.
    const latest = (await readRunHistory(engine, [])).freshness;
    expect([latest?.get('source.crm.deals')?.runId, latest?.get('source.crm.deals')?.status, latest?.get('source.crm.orders')?.runId]).toEqual(['run-2', 'error', 'run-1']);
  });

  it('a warning does not fail the check, and nothing to check writes nothing', async () => {
    const engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    engines.push(engine);
    await engine.transaction(RAW_TABLES);
    const warned = await checkSourceFreshness(engine, [source('deals', DAILY)], { runId: 'run-3', runDate: '2026-03-11' });
    expect(warned.results.map((result) => result.status)).toEqual(['warn']);
    expect(warned.success).toBe(true);
    const nothing = await checkSourceFreshness(engine, [source('products')], { runId: 'run-4', runDate: '2026-03-11' });
    expect(nothing).toEqual({ results: [], skipped: ['source.crm.products'], success: true });
    expect(await engine.query("select count(*) as n from audit.source_freshness where run_id = 'run-4'")).toEqual([{ n: 0 }]);
  });
});
