/**
 * The rows a published model reports (its run result's `rows`, `audit.model_runs.rows_affected`):
 * the rows of the whole published table, whatever way it was built, and null for a view, on
 * DuckDB, Postgres (PGlite) and Redshift through the local Data API endpoint
 * (lib/runner/model-publisher.ts takes them from the build where the engine reports them).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../lib/engines/engine.ts';
import type { ModelConfig, Plan, PlanTest } from '../../lib/plan/plan.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { incrementalEngines } from './incremental-engines.ts';
import { makePlan, planModel, rowTest, selectAll } from './plan-builder.ts';

interface ModelSpec {
  readonly sql?: string;
  readonly incrementalSql?: string;
  readonly materialized?: 'table' | 'view' | 'incremental';
  readonly config?: Partial<ModelConfig>;
  readonly tests?: readonly PlanTest[];
}

function dealsPlan(spec: ModelSpec = {}): Plan {
  const base = planModel('fact_deals', {
    sql: spec.sql ?? 'select deal_id, stage, amount from raw.deals',
    incrementalSql: spec.incrementalSql ?? 'select deal_id, stage, amount from raw.deals where amount >= 20',
    materialized: spec.materialized ?? 'table',
    uniqueKey: ['deal_id'],
    // The same logic in every variant: a change of logic would be built whole (incremental-state.ts).
    logicFingerprint: 'fact_deals logic',
  });
  return makePlan([{ ...base, config: { ...base.config, ...spec.config } }], spec.tests);
}

describe.each(incrementalEngines)('rows of a published model on %s', (_name, open) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await open();
    await engine.execute('create schema if not exists raw');
    await engine.execute('create table raw.deals (deal_id integer, stage varchar(10), amount integer)');
    await engine.execute(`insert into raw.deals values (1, 'open', 10), (2, 'open', 20), (3, 'lost', 30)`);
  }, 60_000);
  afterEach(async () => {
    await engine.close();
  });

  /** The model's rows as its run result and its audit.model_runs row give them, and how an incremental one was built. */
  async function rowsOf(plan: Plan, runId: string): Promise<{ result: number | null | undefined; audited: number | null; built?: string }> {
    const result = await executePlan(engine, plan, { mode: 'build', runId, ...selectAll(plan) });
    const model = result.results.find((node) => node.resourceType === 'model');
    expect(model?.status).toBe('success');
    const [row] = await engine.query(`select rows_affected from audit.model_runs where run_id = '${runId}' and resource_type = 'model'`);
    const built = model?.message?.split(':')[0];
    return { result: model?.rows, audited: row?.rows_affected === null ? null : Number(row?.rows_affected), ...(built === undefined ? {} : { built }) };
  }

  it('a table: the rows it was built with, none when its select returns none', async () => {
    expect(await rowsOf(dealsPlan(), 'r1')).toEqual({ result: 3, audited: 3 });
    expect(await rowsOf(dealsPlan({ sql: 'select deal_id, stage, amount from raw.deals where false' }), 'r2')).toEqual({ result: 0, audited: 0 });
  }, 60_000);

  it('a table costs one catalog lookup, and a count of the published table only where the engine reports no CREATE TABLE AS rows (Redshift)', async () => {
    const sent: string[] = [];
    engine.onStatement = (sql) => sent.push(sql);

    expect(await rowsOf(dealsPlan(), 'r1')).toEqual({ result: 3, audited: 3 });

    const lookups = sent.filter((sql) => /duckdb_tables\(\)|pg_catalog\.pg_class/.test(sql));
    const counts = sent.filter((sql) => /^select count\(\*\) as row_count from /.test(sql));
    expect({ lookups: lookups.length, counts: counts.length }).toEqual({ lookups: 1, counts: engine.target === 'redshift' ? 1 : 0 });
  }, 60_000);

  it('a table whose post_hook deletes and inserts rows: the rows left after it', async () => {
    const postHook = ["delete from analytics.fact_deals where stage = 'lost'", "insert into analytics.fact_deals values (7, 'won', 70), (8, 'won', 80)"];

    expect(await rowsOf(dealsPlan({ config: { postHook } }), 'r1')).toEqual({ result: 4, audited: 4 });
  }, 60_000);

  it('a view, with and without tests (staged as a snapshot table): no rows', async () => {
    expect(await rowsOf(dealsPlan({ materialized: 'view' }), 'r1')).toEqual({ result: null, audited: null });
    const tests = [rowTest('no_negative_amounts', { on: 'fact_deals', failingWhere: 'amount < 0' })];
    expect(await rowsOf(dealsPlan({ materialized: 'view', tests }), 'r2')).toEqual({ result: null, audited: null });
  }, 60_000);

  it('an incremental model: the whole table after its first build, after an increment and after one merged into a staged copy', async () => {
    const plan = dealsPlan({ materialized: 'incremental' });
    expect(await rowsOf(plan, 'r1')).toEqual({ result: 3, audited: 3, built: 'full' });
    await engine.execute(`insert into raw.deals values (4, 'open', 40)`);
    await engine.execute(`update raw.deals set stage = 'won' where deal_id = 3`);

    // DuckDB and Postgres merge in place, Redshift into a staged copy.
    expect(await rowsOf(plan, 'r2')).toEqual({ result: 4, audited: 4, built: 'increment' });
    await engine.execute(`insert into raw.deals values (5, 'open', 50)`);

    // A new column is added to the table, so every engine merges into a staged copy.
    const widened = dealsPlan({
      materialized: 'incremental',
      incrementalSql: 'select deal_id, stage, amount, 1 as revision from raw.deals where amount >= 20',
      config: { onSchemaChange: 'append_new_columns' },
    });
    expect(await rowsOf(widened, 'r3')).toEqual({ result: 5, audited: 5, built: 'increment' });
  }, 60_000);
});
