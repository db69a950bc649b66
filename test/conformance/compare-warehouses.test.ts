import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTableStatements } from '../../lib/audit/audit-tables.ts';
import { compareWarehouses } from './differential/compare-warehouses.ts';
import { differenceLines } from './differential/difference-report.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Plan, PlanModel } from '../../lib/plan/plan.ts';
import { PLAN_VERSION } from '../../lib/plan/plan.ts';
import { checkResultInsert } from '../../lib/publish/audit-records.ts';

function model(name: string, materialized: 'table' | 'view' = 'table'): PlanModel {
  return {
    id: `model.crm.${name}`,
    name,
    path: `sql/facts/${name}.sql`,
    layer: 'facts',
    relation: { schema: 'analytics', name },
    config: { materialized, tags: [] },
    columns: [],
    dependsOn: { models: [], sources: [] },
    sql: 'select 1',
    checksum: '',
  };
}

function plan(...models: PlanModel[]): Plan {
  return { planVersion: PLAN_VERSION, layers: [{ name: 'staging', schema: 'staging' }, { name: 'dimensions', schema: 'analytics' }, { name: 'facts', schema: 'analytics' }, { name: 'marts', schema: 'marts' }], project: 'crm', target: 'duckdb', vars: {}, sources: [], models, tests: [], exposures: [] };
}

function check(runId: string, testName: string, failures: number, status: 'pass' | 'warn' | 'fail' | 'error', checkedAt: Date): string {
  return checkResultInsert({
    runId,
    testId: `test.crm.${testName}`,
    testName,
    modelId: 'model.crm.fact_orders',
    severity: 'warn',
    status,
    failures,
    sample: [],
    phase: 'published',
    checkedAt,
  });
}

describe('compareWarehouses', () => {
  let a: DuckDbEngine;
  let b: DuckDbEngine;
  beforeEach(async () => {
    [a, b] = await Promise.all([DuckDbEngine.open({ path: ':memory:', threads: 1 }), DuckDbEngine.open({ path: ':memory:', threads: 1 })]);
    for (const engine of [a, b]) await engine.transaction([...auditTableStatements(), 'create schema analytics']);
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  async function both(sql: string): Promise<void> {
    await Promise.all([a.execute(sql), b.execute(sql)]);
  }

  it('finds nothing when tables and views hold the same rows in any order, doubles within the tolerance', async () => {
    await a.execute('create table analytics.orders as select * from (values (1, 0.1 + 0.2, 9.99), (2, 1.0, null)) as t(id, ratio, amount)');
    await b.execute('create table analytics.orders as select * from (values (2, 1.0, null), (1, 0.3, 9.99)) as t(id, ratio, amount)');
    await both('create view analytics.order_view as select id from analytics.orders');
    expect(await compareWarehouses(a, b, plan(model('orders'), model('order_view', 'view')))).toEqual([]);
  });

  it('reports a changed value with its model and column, and a row only one side has', async () => {
    await a.execute(
      'create table analytics.fact_orders as select * from (values (1, 4323.02::decimal(18,2), \'a\'), (2, 5.00, \'b\')) as t(order_id, discount_amount, note)',
    );
    await b.execute(
      'create table analytics.fact_orders as select * from (values (1, 4323.03::decimal(18,2), \'a\'), (2, 5.00, \'b\'), (3, 1.00, \'c\')) as t(order_id, discount_amount, note)',
    );
    const differences = await compareWarehouses(a, b, plan(model('fact_orders')));
    expect(differences).toEqual([
      { kind: 'row-count', model: 'fact_orders', a: 2, b: 3 },
      {
        kind: 'value',
        model: 'fact_orders',
        columns: ['discount_amount'],
        a: { order_id: 1, discount_amount: 4323.02, note: 'a' },
        b: { order_id: 1, discount_amount: 4323.03, note: 'a' },
      },
      { kind: 'row', model: 'fact_orders', onlyIn: 'b', row: { order_id: 3, discount_amount: 1, note: 'c' } },
    ]);
    expect(differenceLines(differences, ['duckdb', 'postgres'])).toEqual([
      'fact_orders: 2 rows on duckdb, 3 on postgres',
      'fact_orders: discount_amount differ: duckdb {"order_id":1,"discount_amount":4323.02}, postgres {"order_id":1,"discount_amount":4323.03}',
      'fact_orders: row only on postgres: {"order_id":3,"discount_amount":1,"note":"c"}',
    ]);
  });

  it('reports a relation missing on either side, and different columns', async () => {
    await a.execute('create table analytics.only_a as select 1 as id');
    await b.execute('create table analytics.only_b as select 1 as id');
    await a.execute('create table analytics.shaped as select 1 as id, 2 as x');
    await b.execute('create table analytics.shaped as select 1 as id, 2 as y');
    const differences = await compareWarehouses(a, b, plan(model('only_a'), model('only_b'), model('shaped')));
    expect(differenceLines(differences, ['a', 'b'])).toEqual([
      'only_a: analytics.only_a does not exist on b',
      'only_b: analytics.only_b does not exist on a',
      'shaped: columns differ: a has id, x; b has id, y',
    ]);
  });

  it('reports a column that is floating point on one side only, and compares it with the tolerance', async () => {
    await a.execute('create table analytics.rates as select 1 as id, cast(0.5 as double) as rate');
    await b.execute('create table analytics.rates as select 1 as id, cast(0.5 as decimal(9,4)) as rate');
    expect(await compareWarehouses(a, b, plan(model('rates')))).toEqual([
      { kind: 'column-type', model: 'rates', column: 'rate', a: 'DOUBLE', b: 'DECIMAL(9,4)' },
    ]);
  });

  it('reports the first differing rows of a model and counts the others', async () => {
    await a.execute('create table analytics.many as select range as id, 1 as v from range(10)');
    await b.execute('create table analytics.many as select range as id, 2 as v from range(10)');
    const differences = await compareWarehouses(a, b, plan(model('many')), { rowsPerModel: 3 });
    expect(differences.map((difference) => difference.kind)).toEqual(['value', 'value', 'value', 'more-rows']);
    expect(differences.at(-1)).toEqual({ kind: 'more-rows', model: 'many', omitted: 7 });
  });

  it("compares check results of each side's latest run by default, or of the runs named", async () => {
    const earlier = new Date('2026-11-24T10:00:00Z');
    const later = new Date('2026-11-24T11:00:00Z');
    await a.transaction([check('old', 'order_discounts', 9, 'warn', earlier), check('new-a', 'order_discounts', 2, 'warn', later), check('new-a', 'only_here', 0, 'pass', later)]);
    await b.transaction([check('old', 'order_discounts', 9, 'warn', earlier), check('new-b', 'order_discounts', 3, 'warn', later)]);
    const differences = await compareWarehouses(a, b, plan());
    expect(differenceLines(differences, ['duckdb', 'postgres'])).toEqual([
      'test only_here (published): duckdb pass with 0 failing rows, postgres did not run it',
      'test order_discounts (published): duckdb warn with 2 failing rows, postgres warn with 3 failing rows',
    ]);
    expect(await compareWarehouses(a, b, plan(), { checkRunIds: ['old', 'old'] })).toEqual([]);
  });
});
