import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { makePlan, openTestEngine, planModel, rowTest, selectAll } from './plan-builder.ts';

describe('incremental models', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await openTestEngine();
    await engine.execute('create schema raw');
    await engine.execute(`create table raw.deals as
      select * from (values (1, 'a', 'open', 10), (1, 'b', 'won', 20), (2, 'a', 'open', 30)) as t(deal_id, line, stage, amount)`);
  });
  afterEach(async () => {
    await engine.close();
  });

  /** Full build: every row; increment: only rows changed since, keyed by (deal_id, line). */
  function dealsPlan(uniqueKey: readonly string[] | undefined, incrementFilter = 'amount >= 20') {
    return makePlan(
      [
        planModel('fact_deal_lines', {
          sql: 'select deal_id, line, stage, amount from raw.deals',
          incrementalSql: `select deal_id, line, stage, amount from raw.deals where ${incrementFilter}`,
          materialized: 'incremental',
          uniqueKey,
        }),
      ],
      [rowTest('no_negative_amounts', { on: 'fact_deal_lines', failingWhere: 'amount < 0' })],
    );
  }

  async function publishedLines() {
    return engine.query('select deal_id, line, stage, amount from analytics.fact_deal_lines order by deal_id, line');
  }

  async function build(plan: ReturnType<typeof dealsPlan>, fullRefresh = false) {
    return executePlan(engine, plan, { mode: 'build', runId: 'r', fullRefresh, ...selectAll(plan) });
  }

  it('builds the full select the first time, then merges the increment by unique key', async () => {
    const plan = dealsPlan(['deal_id', 'line']);
    await build(plan);
    await engine.execute(`update raw.deals set stage = 'lost', amount = 25 where deal_id = 1 and line = 'b'`);
    await engine.execute(`insert into raw.deals values (3, 'a', 'open', 40)`);
    // Changed upstream but outside the increment: the published row must stay as it was.
    await engine.execute(`update raw.deals set stage = 'changed' where deal_id = 1 and line = 'a'`);

    const result = await build(plan);

    expect(result.results[0]).toMatchObject({ status: 'success', rows: 4 });
    expect(await publishedLines()).toEqual([
      { deal_id: 1, line: 'a', stage: 'open', amount: 10 },
      { deal_id: 1, line: 'b', stage: 'lost', amount: 25 },
      { deal_id: 2, line: 'a', stage: 'open', amount: 30 },
      { deal_id: 3, line: 'a', stage: 'open', amount: 40 },
    ]);
    expect(await engine.relationKind({ schema: 'analytics', name: 'fact_deal_lines__wap' })).toBeUndefined();
  });

  it('appends the increment when there is no unique key', async () => {
    const plan = dealsPlan(undefined);
    await build(plan);

    await build(plan);

    expect(await publishedLines()).toHaveLength(5);
  });

  it('rebuilds from the full select on full refresh', async () => {
    const plan = dealsPlan(['deal_id', 'line']);
    await build(plan);
    await engine.execute(`update raw.deals set stage = 'changed' where deal_id = 1 and line = 'a'`);

    await build(plan, true);

    expect((await publishedLines())[0]).toEqual({ deal_id: 1, line: 'a', stage: 'changed', amount: 10 });
  });

  it('leaves the published table untouched when the increment fails its audit', async () => {
    const plan = dealsPlan(['deal_id', 'line']);
    await build(plan);
    const before = await publishedLines();
    await engine.execute(`insert into raw.deals values (4, 'a', 'open', -5)`);

    // The filter reaches the new row as an increment of the same logic would (changed logic builds whole).
    const widened = dealsPlan(['deal_id', 'line'], 'amount >= 20 or amount < 0');
    const result = await build({ ...widened, models: widened.models.map((model) => ({ ...model, logicFingerprint: plan.models[0]?.logicFingerprint })) });

    expect(result.results[0]?.status).toBe('error');
    expect(await publishedLines()).toEqual(before);
    expect(await engine.relationKind({ schema: 'analytics', name: 'fact_deal_lines__wap' })).toBeUndefined();
  });

  it('rolls the whole merge back when the insert fails', async () => {
    const plan = dealsPlan(['deal_id', 'line']);
    await build(plan);
    const before = await publishedLines();
    const wider = makePlan([
      planModel('fact_deal_lines', {
        sql: 'select deal_id, line, stage, amount from raw.deals',
        // The increment lacks a published column: the delete runs, then the insert fails.
        incrementalSql: `select deal_id, line, stage from raw.deals where amount >= 20`,
        materialized: 'incremental',
        uniqueKey: ['deal_id', 'line'],
        // Columns that change under the same logic (an upstream `select *`); changed logic builds whole.
        logicFingerprint: plan.models[0]?.logicFingerprint,
      }),
    ]);

    const result = await build(wider);

    expect(result.results[0]?.status).toBe('error');
    expect(await publishedLines()).toEqual(before);
    expect(await engine.relationKind({ schema: 'analytics', name: 'fact_deal_lines__wap' })).toBeUndefined();
  });

  it('merges by column name when the model now lists two columns of the published table in the other order', async () => {
    const plan = dealsPlan(['deal_id', 'line']);
    await build(plan);
    await engine.execute(`update raw.deals set stage = 'lost' where deal_id = 1 and line = 'b'`);
    const reordered = makePlan([
      planModel('fact_deal_lines', {
        sql: 'select deal_id, stage, line, amount from raw.deals',
        incrementalSql: 'select deal_id, stage, line, amount from raw.deals where amount >= 20',
        materialized: 'incremental',
        uniqueKey: ['deal_id', 'line'],
        // The same logic, its columns in another order (as an upstream `select *` would give them).
        logicFingerprint: plan.models[0]?.logicFingerprint,
      }),
    ]);

    const result = await build(reordered);

    expect(result.results[0]?.status).toBe('success');
    expect(await publishedLines()).toEqual([
      { deal_id: 1, line: 'a', stage: 'open', amount: 10 },
      { deal_id: 1, line: 'b', stage: 'lost', amount: 20 },
      { deal_id: 2, line: 'a', stage: 'open', amount: 30 },
    ]);
  });

  it('audits the whole table readers would get, not the increment alone, as the pipeline does', async () => {
    const unique = rowTest('unique_deal_lines', {
      on: 'fact_deal_lines',
      failingWhere: '(deal_id, line) in (select deal_id, line from analytics.fact_deal_lines__wap group by deal_id, line having count(*) > 1)',
    });
    const appended = makePlan(dealsPlan(undefined).models, [unique]);
    await build(appended);
    const before = await publishedLines();

    // The increment's rows are unique among themselves, but appending them duplicates published rows.
    const result = await build(appended);

    expect(result.results.find((node) => node.id === 'model.crm.fact_deal_lines')).toMatchObject({ status: 'error', message: expect.stringContaining('unique_deal_lines') });
    expect(await publishedLines()).toEqual(before);
    expect(await engine.relationKind({ schema: 'analytics', name: 'fact_deal_lines__wap' })).toBeUndefined();
    expect(await engine.relationKind({ schema: 'analytics', name: 'fact_deal_lines__inc' })).toBeUndefined();
  });

  it('merges the full select when the model has no incremental variant', async () => {
    const plan = makePlan([
      planModel('fact_deal_lines', {
        sql: 'select deal_id, line, stage, amount from raw.deals',
        materialized: 'incremental',
        uniqueKey: ['deal_id', 'line'],
      }),
    ]);
    await build(plan);
    await engine.execute(`update raw.deals set stage = 'changed'`);

    await build(plan);

    expect((await publishedLines()).map((line) => line.stage)).toEqual(['changed', 'changed', 'changed']);
  });
});
