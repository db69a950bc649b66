/**
 * Which compiled tests can read only what an increment changed (PlanTest.incrementAudit), and what
 * their queries count on DuckDB against a merged table and its `__inc`, null keys included.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Plan, PlanTest } from '../../lib/plan/plan.ts';
import { openTestEngine } from '../runner/plan-builder.ts';
import { compileFingerprintProject } from './fingerprint-project.ts';
import { removeProjects } from './unit-test-project.ts';

afterAll(removeProjects);

function schema(config: string, tests: string): Record<string, string> {
  return {
    'sql/facts/schema.yml': `version: 2
models:
  - name: fact_deals
    config:
${config}
    tests:
      - not_empty
      - unique_combination_of_columns: { combination_of_columns: [deal_id, weighted_amount] }
    columns:
      - name: deal_id
        tests: [unique, not_null]
      - name: weighted_amount
        tests:
${tests}
`,
  };
}

const INCREMENTAL = `      materialized: incremental
      unique_key: deal_id`;

const compiled = (config: string, tests = '          - not_null', files: Record<string, string> = {}): Promise<Plan> =>
  compileFingerprintProject('duckdb', { run_date: '2026-11-24' }, { ...schema(config, tests), ...files });
const narrowable = (plan: Plan): string[] => plan.tests.filter((test) => test.incrementAudit !== undefined).map((test) => test.name);

describe('tests that can read only what an increment changed', () => {
  it('are the row and group tests of one incremental model with a unique key', async () => {
    const plan = await compiled(
      INCREMENTAL,
      `          - not_null
          - unique
          - accepted_values: { values: [10, 20], quote: false }
          - accepted_range: { min_value: 0 }
          - relationships: { to: ref('stg_crm_deals'), field: amount }
          - not_null: { config: { store_failures: true } }`,
    );
    expect(narrowable(plan)).toEqual([
      'unique_fact_deals_deal_id',
      'not_null_fact_deals_deal_id',
      'not_null_fact_deals_weighted_amount',
      'unique_fact_deals_weighted_amount',
      'accepted_values_fact_deals_weighted_amount__false__10__20',
      'accepted_range_fact_deals_weighted_amount__0',
      'unique_combination_of_columns_fact_deals_deal_id__weighted_amount',
    ]);
  });

  it.each([
    ['a table', '      materialized: table', { 'sql/facts/fact_deals.sql': "select deal_id, amount as weighted_amount from {{ ref('stg_crm_deals') }}" }],
    ['an appending incremental model', '      materialized: incremental\n      incremental_strategy: append', {}],
    ['a post_hook that updates', `${INCREMENTAL}\n      post_hook: "update {{ this }} set weighted_amount = 0 where deal_id = 1"`, {}],
  ])('are none of %s', async (_name, config, files) => {
    expect(narrowable(await compiled(config, undefined, files))).toEqual([]);
  });

  it('are none that judge a row by another relation or by the clock', async () => {
    const plan = await compiled(
      INCREMENTAL,
      `          - not_null: { config: { where: "deal_id in (select deal_id from analytics.fact_deals where weighted_amount > 0)" } }
          - expression_is_true: { expression: '<= 100 or current_date > cast(''2026-01-01'' as date)' }
          - accepted_range: { min_value: 0, config: { where: 'deal_id > 0' } }`,
    );
    expect(narrowable(plan).filter((name) => name.includes('weighted_amount'))).toEqual(['accepted_range_fact_deals_weighted_amount__0', 'unique_combination_of_columns_fact_deals_deal_id__weighted_amount']);
  });

  it('include those of a model whose post_hooks only delete', async () => {
    expect(narrowable(await compiled(`${INCREMENTAL}\n      post_hook: "delete from {{ this }} where weighted_amount is null"`))).toContain('not_null_fact_deals_weighted_amount');
  });
});

describe('a narrowed query, on DuckDB', () => {
  let engine: DuckDbEngine;
  let tests: readonly PlanTest[];
  beforeEach(async () => {
    engine = await openTestEngine();
    await engine.execute('create schema analytics');
    // The merged table: deals 1 and 2 are old rows, 3, 4 and the null key the increment wrote.
    await engine.execute(`create table analytics.fact_deals__wap as
      select * from (values (1, 20), (2, 5), (3, 20), (4, null), (null, null)) as t(deal_id, weighted_amount)`);
    await engine.execute(`create table analytics.fact_deals__inc as
      select * from (values (3, 20), (4, null), (null, null)) as t(deal_id, weighted_amount)`);
    tests = (await compiled(INCREMENTAL, '          - not_null\n          - unique')).tests;
  });
  afterEach(async () => {
    await engine.close();
  });

  const failures = async (name: string): Promise<number> => {
    const sql = tests.find((test) => test.name === name)?.incrementAudit?.sql;
    const [row] = await engine.query(`select count(*) as failures from (${sql ?? 'missing'}) failing`);
    return Number(row?.failures);
  };

  it('counts the written rows, a null key among them', async () => {
    expect(await failures('not_null_fact_deals_weighted_amount')).toBe(2);
    expect(await failures('not_null_fact_deals_deal_id')).toBe(1);
  });

  it('counts a group of a written row with an old row', async () => {
    expect(await failures('unique_fact_deals_weighted_amount')).toBe(1);
  });

  it('counts what the failure aggregate counts', async () => {
    const test = tests.find((candidate) => candidate.name === 'not_null_fact_deals_weighted_amount');
    const [row] = await engine.query(`select ${test?.failureAggregate?.expression ?? 'missing'} as failures from ${test?.incrementAudit?.aggregateFrom ?? 'missing'}`);
    expect(Number(row?.failures)).toBe(2);
  });
});
