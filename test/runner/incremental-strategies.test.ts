/**
 * How an increment enters the table (incremental_strategy), what a change of its columns does
 * (on_schema_change) and the post_hook, run by the local runner on DuckDB, Postgres (PGlite) and
 * Redshift through the local Data API endpoint (lib/publish/incremental-merge.ts,
 * incremental-schema-change.ts, staged-build.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../lib/engines/engine.ts';
import type { ModelConfig, Plan, PlanTest } from '../../lib/plan/plan.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { publishModel } from '../../lib/runner/model-publisher.ts';
import { incrementalEngines } from './incremental-engines.ts';
import { makePlan, planModel, rowTest, selectAll } from './plan-builder.ts';

interface DealsModel {
  /** The full select's columns and the increment's (amount >= 20). */
  readonly columns?: string;
  readonly incrementColumns?: string;
  readonly config?: Partial<ModelConfig>;
  readonly tests?: readonly PlanTest[];
}

function dealsPlan(spec: DealsModel = {}): Plan {
  const columns = spec.columns ?? 'deal_id, stage, amount';
  const base = planModel('fact_deals', {
    sql: `select ${columns} from raw.deals`,
    incrementalSql: `select ${spec.incrementColumns ?? columns} from raw.deals where amount >= 20`,
    materialized: 'incremental',
    uniqueKey: ['deal_id'],
    // Every variant has the same logic, its columns changed as an upstream `select *` would change them:
    // a change of the model's own logic is built whole, before on_schema_change is asked (incremental-state.ts).
    logicFingerprint: 'fact_deals logic',
  });
  return makePlan([{ ...base, config: { ...base.config, ...spec.config } }], spec.tests);
}

describe.each(incrementalEngines)('incremental strategies, on_schema_change and post_hook on %s', (_name, open) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await open();
    await engine.execute('create schema if not exists raw');
    await engine.execute('create table raw.deals (deal_id integer, stage varchar(10), amount integer)');
    await engine.execute(`insert into raw.deals values (1, 'open', 10), (2, 'open', 20)`);
  }, 60_000);
  afterEach(async () => {
    await engine.close();
  });

  async function build(plan: Plan, runId: string) {
    const result = await executePlan(engine, plan, { mode: 'build', runId, ...selectAll(plan) });
    return result.results[0];
  }

  async function published(columns = 'deal_id, stage, amount') {
    return engine.query(`select ${columns} from analytics.fact_deals order by deal_id, amount`);
  }

  async function leftovers() {
    return [await engine.relationKind({ schema: 'analytics', name: 'fact_deals__wap' }), await engine.relationKind({ schema: 'analytics', name: 'fact_deals__inc' })];
  }

  async function stateRuns() {
    return (await engine.query('select run_id from audit.incremental_state order by run_id')).map((row) => row.run_id);
  }

  async function changeUpstream() {
    await engine.execute(`update raw.deals set stage = 'won', amount = 25 where deal_id = 2`);
    await engine.execute(`insert into raw.deals values (3, 'open', 30)`);
  }

  /** How the increment entered the table: merged into it in place (audited through a view of it), or into a staged copy. */
  function mergeForm(sent: readonly string[]) {
    const copies = sent.some((sql) => /^create (or replace )?table "?analytics"?\."?fact_deals__wap"?[\s\S]*where not exists \(\n {2}select 1 from analytics\.fact_deals__inc\b/.test(sql));
    const auditsAView = sent.some((sql) => /^create (or replace )?view analytics\.fact_deals__wap as\s+select \* from analytics\.fact_deals$/.test(sql));
    return { copies, auditsAView };
  }

  const storedWon = { schema: 'analytics_dbt_test__audit', name: 'won_deals' };

  async function storedRows() {
    return engine.query('select deal_id, stage from "analytics_dbt_test__audit"."won_deals" order by deal_id');
  }

  it('delete+insert: replaces matched rows; DuckDB and Postgres merge into the published table in place, Redshift into a copy made without them', async () => {
    const plan = dealsPlan();
    await build(plan, 'r1');
    await changeUpstream();
    const sent: string[] = [];
    engine.onStatement = (sql) => sent.push(sql);

    expect(await build(plan, 'r2')).toMatchObject({ status: 'success', message: 'increment: rows landed since the last build' });

    expect(await published()).toEqual([
      { deal_id: 1, stage: 'open', amount: 10 },
      { deal_id: 2, stage: 'won', amount: 25 },
      { deal_id: 3, stage: 'open', amount: 30 },
    ]);
    const deletesFrom = sent.flatMap((sql) => /^delete from analytics\.(fact_deals\w*)\s+using analytics\.fact_deals__inc/.exec(sql)?.[1] ?? []);
    expect({ deletesFrom, ...mergeForm(sent) }).toEqual(
      engine.target === 'redshift' ? { deletesFrom: [], copies: true, auditsAView: false } : { deletesFrom: ['fact_deals'], copies: false, auditsAView: true },
    );
    expect(await leftovers()).toEqual([undefined, undefined]);
  }, 60_000);

  it('merge: updates matched rows and inserts the others in one MERGE', async () => {
    const plan = dealsPlan({ config: { incrementalStrategy: 'merge' } });
    await build(plan, 'r1');
    await changeUpstream();

    expect(await build(plan, 'r2')).toMatchObject({ status: 'success', message: 'increment: rows landed since the last build' });

    expect(await published()).toEqual([
      { deal_id: 1, stage: 'open', amount: 10 },
      { deal_id: 2, stage: 'won', amount: 25 },
      { deal_id: 3, stage: 'open', amount: 30 },
    ]);
  }, 60_000);

  it('append: inserts the increment, keeping the rows it repeats', async () => {
    const plan = dealsPlan({ config: { incrementalStrategy: 'append' } });
    await build(plan, 'r1');
    await changeUpstream();

    await build(plan, 'r2');

    expect((await published()).map((row) => row.deal_id)).toEqual([1, 2, 2, 3]);
  }, 60_000);

  it('on_schema_change fail (the default): refuses an increment with a new column, naming it, and changes nothing', async () => {
    await build(dealsPlan(), 'r1');
    const before = await published();
    await changeUpstream();

    const refused = await build(dealsPlan({ incrementColumns: 'deal_id, stage, amount, cast(stage as varchar(10)) as previous_stage' }), 'r2');

    expect(refused?.status).toBe('error');
    expect(refused?.message).toMatch(/^model\.crm\.fact_deals \(analytics\.fact_deals\): the increment's columns differ from the published table's: added previous_stage \(.+\)\. on_schema_change is 'fail': run with --full-refresh/);
    expect(await published()).toEqual(before);
    expect(await leftovers()).toEqual([undefined, undefined]);
  }, 60_000);

  it('on_schema_change ignore: merges the shared columns, leaving the new one out and the removed one null', async () => {
    await build(dealsPlan(), 'r1');
    await changeUpstream();

    const result = await build(dealsPlan({ incrementColumns: 'deal_id, amount, 1 as extra', config: { onSchemaChange: 'ignore' } }), 'r2');

    expect(result?.status).toBe('success');
    expect(await published()).toEqual([
      { deal_id: 1, stage: 'open', amount: 10 },
      { deal_id: 2, stage: null, amount: 25 },
      { deal_id: 3, stage: null, amount: 30 },
    ]);
  }, 60_000);

  it('on_schema_change append_new_columns: adds the new column, null in the rows already there', async () => {
    await build(dealsPlan(), 'r1');
    await changeUpstream();

    await build(dealsPlan({ incrementColumns: 'deal_id, stage, amount, cast(stage as varchar(10)) as previous_stage', config: { onSchemaChange: 'append_new_columns' } }), 'r2');

    expect(await published('deal_id, stage, amount, previous_stage')).toEqual([
      { deal_id: 1, stage: 'open', amount: 10, previous_stage: null },
      { deal_id: 2, stage: 'won', amount: 25, previous_stage: 'won' },
      { deal_id: 3, stage: 'open', amount: 30, previous_stage: 'open' },
    ]);
  }, 60_000);

  it('on_schema_change sync_all_columns: adds new columns and drops removed ones; a changed type is refused naming the column', async () => {
    await build(dealsPlan(), 'r1');
    await changeUpstream();

    await build(dealsPlan({ incrementColumns: 'deal_id, amount, cast(stage as varchar(10)) as previous_stage', config: { onSchemaChange: 'sync_all_columns' } }), 'r2');

    const columns = await engine.query(`select column_name from information_schema.columns where table_schema = 'analytics' and table_name = 'fact_deals' order by ordinal_position`);
    expect(columns.map((row) => row.column_name)).toEqual(['deal_id', 'amount', 'previous_stage']);
    expect(await published('deal_id, amount, previous_stage')).toEqual([
      { deal_id: 1, amount: 10, previous_stage: null },
      { deal_id: 2, amount: 25, previous_stage: 'won' },
      { deal_id: 3, amount: 30, previous_stage: 'open' },
    ]);

    const retyped = await build(dealsPlan({ incrementColumns: 'deal_id, cast(amount as varchar(10)) as amount, cast(stage as varchar(10)) as previous_stage', config: { onSchemaChange: 'sync_all_columns' } }), 'r3');
    expect(retyped?.status).toBe('error');
    expect(retyped?.message).toMatch(/on_schema_change 'sync_all_columns' cannot change a column's type: amount \(.+ → .+\); run with --full-refresh/);
    expect(await leftovers()).toEqual([undefined, undefined]);
  }, 60_000);

  it("post_hook: runs on the relation being built, full or merged, with {{ this }} read as it (the first build would fail if it ran on the published name)", async () => {
    const plan = dealsPlan({ config: { postHook: ["delete from analytics.fact_deals where stage = 'lost'"] } });
    await engine.execute(`insert into raw.deals values (4, 'lost', 40)`);
    await build(plan, 'r1');
    expect((await published()).map((row) => row.deal_id)).toEqual([1, 2]);
    await engine.execute(`update raw.deals set stage = 'lost' where deal_id = 2`);

    await build(plan, 'r2');

    expect((await published()).map((row) => row.deal_id)).toEqual([1]);
  }, 60_000);

  it('a full build whose post_hook fails publishes nothing and leaves nothing staged', async () => {
    const plan = dealsPlan({ config: { postHook: ['delete from analytics.fact_deals where deal_id = cast((select stage from analytics.fact_deals where deal_id = 3) as integer)'] } });
    await build(plan, 'r1');
    const before = await published();
    await changeUpstream();

    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r2', fullRefresh: true, ...selectAll(plan) });

    expect(result.results[0]?.status).toBe('error');
    expect(result.results[0]?.message).toMatch(/delete from analytics\.fact_deals(__wap)? where deal_id = cast/);
    expect(await published()).toEqual(before);
    expect(await stateRuns()).toEqual(['r1']);
    expect(await leftovers()).toEqual([undefined, undefined]);
  }, 60_000);

  it('a refused audit rolls the merged increment back: the published table, its state and nothing left over', async () => {
    const wonRefused = rowTest('no_won_deals', { on: 'fact_deals', failingWhere: "stage = 'won'" });
    const plan = dealsPlan({ tests: [wonRefused] });
    await build(plan, 'r1');
    const before = await published();
    await changeUpstream();

    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r2', ...selectAll(plan) });

    expect(result.results.find((node) => node.resourceType === 'model')).toMatchObject({ status: 'error', message: 'not published, audit failed: no_won_deals (1 failing rows)' });
    expect(await published()).toEqual(before);
    expect(await stateRuns()).toEqual(['r1']);
    expect(await leftovers()).toEqual([undefined, undefined]);
  }, 60_000);

  it('a test query that fails during the audit is its own error; the tests after it still read the merged rows', async () => {
    // A failed statement aborts the transaction the audit runs in (lib/engines/held-transaction.ts restores it).
    const broken = rowTest('broken_test', { on: 'fact_deals', failingWhere: 'cast(stage as integer) < 0' });
    const wonRefused = rowTest('no_won_deals', { on: 'fact_deals', failingWhere: "stage = 'won'" });
    const plan = dealsPlan({ tests: [broken, wonRefused] });
    await engine.execute(`update raw.deals set stage = '1'`);
    await build(plan, 'r1');
    const before = await published();
    await changeUpstream();

    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r2', ...selectAll(plan) });

    const byName = Object.fromEntries(result.results.map((node) => [node.name, [node.status, node.failures ?? null]]));
    expect(byName).toEqual({ fact_deals: ['error', null], broken_test: ['error', 0], no_won_deals: ['fail', 1] });
    expect(result.results[0]?.message).toBe('not published, audit failed: broken_test (test query failed), no_won_deals (1 failing rows)');
    expect(await published()).toEqual(before);
    expect(await stateRuns()).toEqual(['r1']);
    expect(await leftovers()).toEqual([undefined, undefined]);
  }, 60_000);

  it('an increment whose test stores its failures merges in place on DuckDB and Postgres, and stores the failing rows of what it published', async () => {
    const wonStored = { ...rowTest('won_deals', { on: 'fact_deals', failingWhere: "stage = 'won'", severity: 'warn' }), storeFailuresIn: storedWon };
    const plan = dealsPlan({ tests: [wonStored] });
    await build(plan, 'r1');
    await changeUpstream();
    const sent: string[] = [];
    engine.onStatement = (sql) => sent.push(sql);

    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r2', ...selectAll(plan) });

    expect(result.results.map((node) => [node.name, node.status])).toEqual([
      ['fact_deals', 'success'],
      ['won_deals', 'warn'],
    ]);
    expect(await storedRows()).toEqual([{ deal_id: 2, stage: 'won' }]);
    expect(mergeForm(sent)).toEqual(engine.target === 'redshift' ? { copies: true, auditsAView: false } : { copies: false, auditsAView: true });
    expect(await leftovers()).toEqual([undefined, undefined]);
  }, 60_000);

  it('a refused increment whose test stores its failures keeps the stored rows of the refused build, where it merged in place too', async () => {
    const wonRefused = { ...rowTest('won_deals', { on: 'fact_deals', failingWhere: "stage = 'won'" }), storeFailuresIn: storedWon };
    const plan = dealsPlan({ tests: [wonRefused] });
    await build(plan, 'r1');
    const before = await published();
    await changeUpstream();
    const sent: string[] = [];
    engine.onStatement = (sql) => sent.push(sql);

    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r2', ...selectAll(plan) });

    expect(result.results[0]).toMatchObject({ status: 'error', message: 'not published, audit failed: won_deals (1 failing rows)' });
    // The rollback takes the rows stored in the transaction with it: they are stored again from a staged copy of the refused build.
    expect(await storedRows()).toEqual([{ deal_id: 2, stage: 'won' }]);
    expect(mergeForm(sent).auditsAView).toBe(engine.target !== 'redshift');
    expect(await published()).toEqual(before);
    expect(await stateRuns()).toEqual(['r1']);
    expect(await leftovers()).toEqual([undefined, undefined]);
  }, 60_000);

  it('a refused increment whose failing rows cannot be stored again says so, and leaves the published table and nothing staged', async () => {
    const plan = dealsPlan();
    await build(plan, 'r1');
    const before = await published();
    await changeUpstream();
    const [model] = plan.models;
    if (model === undefined) throw new Error('the plan has no model');

    const outcome = await publishModel(engine, model, {
      plan,
      runId: 'r2',
      fullRefresh: false,
      audit: async () => ({ refusal: 'not published, audit failed: won_deals (1 failing rows)', publishWith: [] }),
      storeAuditFailures: async () => {
        throw new Error('disk full');
      },
    });

    // Redshift audits a staged copy, where the audit itself stored the rows: nothing to store again.
    const storedAgain = engine.target === 'redshift' ? '' : '\n(also failed to store the failing rows of its tests: disk full)';
    expect(outcome).toEqual({ status: 'error', rows: null, message: `not published, audit failed: won_deals (1 failing rows)${storedAgain}`, audited: true });
    expect(await published()).toEqual(before);
    expect(await stateRuns()).toEqual(['r1']);
    expect(await leftovers()).toEqual([undefined, undefined]);
  }, 60_000);

  it('a post_hook that fails rolls the merged increment back: the published table, its state and nothing left over', async () => {
    // Fails only once deal 3 is in the table being built: its stage is no integer.
    const plan = dealsPlan({ config: { postHook: ['delete from analytics.fact_deals where deal_id = cast((select stage from analytics.fact_deals where deal_id = 3) as integer)'] } });
    await build(plan, 'r1');
    const before = await published();
    await changeUpstream();

    const result = await build(plan, 'r2');

    expect(result?.status).toBe('error');
    expect(result?.message).toMatch(/delete from analytics\.fact_deals(__wap)? where deal_id = cast/);
    expect(await published()).toEqual(before);
    expect(await stateRuns()).toEqual(['r1']);
    expect(await leftovers()).toEqual([undefined, undefined]);
  }, 60_000);
});
