import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { makePlan, modelId, openTestEngine, planModel, planTest, rawSource, rowTest, selectAll, sourceId } from './plan-builder.ts';

const deals = `select * from (values (1, 100.0), (2, 0.0), (3, 0.0), (4, 0.0), (5, 0.0), (6, 0.0), (7, 50.0))
  as t(deal_id, amount)`;

describe('data tests', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await openTestEngine();
  });
  afterEach(async () => {
    await engine.close();
  });

  const plan = makePlan(
    [planModel('fact_deals', { sql: deals })],
    [
      rowTest('not_null_fact_deals_deal_id', { on: 'fact_deals', failingWhere: 'deal_id is null', column: 'deal_id' }),
      rowTest('zero_amount_deals', { on: 'fact_deals', failingWhere: 'amount = 0', severity: 'warn', column: 'amount' }),
    ],
  );

  it('publishes despite failing warn tests, which run against the published table with counts and a sample', async () => {
    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r', ...selectAll(plan) });

    expect(result.success).toBe(true);
    expect(result.counts).toEqual({ pass: 2, warn: 1, error: 0, skip: 0, total: 3 });
    expect(result.results[2]).toMatchObject({
      name: 'zero_amount_deals',
      status: 'warn',
      failures: 5,
      phase: 'published',
      message: 'Got 5 results, configured to warn if != 0',
    });
    const [check] = await engine.query(
      `select status, failures, sample, phase, column_name, model_id from audit.check_results where test_name = 'zero_amount_deals'`,
    );
    expect(check).toMatchObject({ status: 'warn', failures: 5, phase: 'published', column_name: 'amount', model_id: modelId('fact_deals') });
    // A sample is some failing rows, in no defined order (as a LIMIT without ORDER BY).
    const sample = JSON.parse(String(check?.sample)) as { deal_id: number; amount: number }[];
    expect(sample.sort((a, b) => a.deal_id - b.deal_id)).toEqual([2, 3, 4, 5, 6].map((deal_id) => ({ deal_id, amount: 0 })));
  });

  it('counts a failing test and keeps its sample from one read of its failing rows (DuckDB)', async () => {
    const zeroAmounts = 'select deal_id, amount, deal_id % 2 = 0 as even from analytics.fact_deals where amount = 0';
    const singular = makePlan([planModel('fact_deals', { sql: deals })], [planTest('zero_amount_deals_read_once', { attachedTo: modelId('fact_deals'), sql: zeroAmounts, severity: 'warn' })]);
    const reads: string[] = [];
    engine.onStatement = (sql) => {
      if (sql.includes(zeroAmounts)) reads.push(sql);
    };

    const result = await executePlan(engine, singular, { mode: 'build', runId: 'r', ...selectAll(singular) });

    expect(result.results[1]).toMatchObject({ name: 'zero_amount_deals_read_once', status: 'warn', failures: 5 });
    expect(reads).toHaveLength(1);
    const [check] = await engine.query(`select sample from audit.check_results where test_name = 'zero_amount_deals_read_once'`);
    const sample = JSON.parse(String(check?.sample)) as { deal_id: number; amount: number; even: boolean }[];
    expect(sample.map((row) => row.deal_id).sort()).toEqual([2, 3, 4, 5, 6]);
    expect(sample.find((row) => row.deal_id === 4)).toEqual({ deal_id: 4, amount: 0, even: true });
  });

  it('does not run warn tests in run mode', async () => {
    const result = await executePlan(engine, plan, { mode: 'run', runId: 'r', ...selectAll(plan) });

    expect(result.results.map((node) => node.name)).toEqual(['fact_deals', 'not_null_fact_deals_deal_id']);
  });

  it('runs every selected test against the published relations in test mode, building nothing', async () => {
    await executePlan(engine, plan, { mode: 'run', runId: 'r1', ...selectAll(plan) });
    await engine.execute('insert into analytics.fact_deals values (null, 1.0)');

    const result = await executePlan(engine, plan, { mode: 'test', runId: 'r2', ...selectAll(plan) });

    expect(result.results.map((node) => [node.name, node.status, node.failures, node.phase])).toEqual([
      ['not_null_fact_deals_deal_id', 'fail', 1, 'published'],
      ['zero_amount_deals', 'warn', 5, 'published'],
    ]);
    expect(result.counts).toEqual({ pass: 0, warn: 1, error: 1, skip: 0, total: 2 });
    expect(result.success).toBe(false);
  });

  it('reports a test whose query fails as error, with the engine message', async () => {
    const broken = makePlan([], [planTest('broken', { attachedTo: modelId('fact_deals'), sql: 'select * from nowhere' })]);

    const result = await executePlan(engine, broken, { mode: 'test', runId: 'r', ...selectAll(broken) });

    expect(result.results[0]).toMatchObject({ status: 'error', failures: 0, message: expect.stringContaining('nowhere') });
    expect(await engine.query('select status, failures, sample from audit.check_results')).toEqual([
      { status: 'error', failures: 0, sample: null },
    ]);
  });

  it('runs source tests before the other tests in test mode', async () => {
    await engine.execute('create schema raw');
    await engine.execute('create table raw.deals as select 1 as deal_id');
    const mixed = makePlan(
      [],
      [
        planTest('model_check', { attachedTo: modelId('fact_deals'), sql: 'select 1 where false' }),
        rowTest('source_check', { on: sourceId('deals'), failingWhere: 'deal_id is null' }),
      ],
      [rawSource('deals')],
    );
    const started: string[] = [];

    await executePlan(engine, mixed, {
      mode: 'test',
      runId: 'r',
      ...selectAll(mixed),
      onEvent: (event) => {
        if (event.kind === 'start') started.push(event.node.name);
      },
    });

    expect(started).toEqual(['source_check', 'model_check']);
  });

  it('tolerates a trailing line comment in a test query', async () => {
    const commented = makePlan([], [planTest('commented', { attachedTo: modelId('x'), sql: 'select 1 as id where false -- no rows' })]);

    const result = await executePlan(engine, commented, { mode: 'test', runId: 'r', ...selectAll(commented) });

    expect(result.results[0]?.status).toBe('pass');
  });
});
