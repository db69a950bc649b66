/**
 * The dbt_utils and dbt_expectations tests (lib/project/test-dbt-utils-sql.ts,
 * test-dbt-expectations-sql.ts) on every engine the plan runs on: DuckDB, Postgres (PGlite) and
 * Redshift through the local Data API endpoint, each rendered for its target. Every case counts
 * the failing rows of one test on one small table, the way the runner judges a test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import type { TargetName } from '../../lib/plan/plan.ts';
import { genericTestSql } from '../../lib/project/generic-tests.ts';
import type { GenericTestName, GenericTestSpec } from '../../lib/project/project.ts';
import { failureCountQuery } from '../../lib/publish/audit-checks.ts';
import { useEndpointEngine } from '../engines/redshift-data/endpoint-engine.ts';

const FIXTURE = [
  'create schema if not exists analytics',
  'drop table if exists analytics.deals',
  'drop table if exists analytics.accounts',
  `create table analytics.deals (deal_id varchar(10), account_id varchar(10), stage varchar(20), amount decimal(18,2), probability integer, closed_at timestamp, seq integer, close_day date)`,
  `insert into analytics.deals values
     ('D1', 'A1', 'won', 100, 10, '2026-11-20 10:00:00', 1, '2026-11-01'),
     ('D2', 'A2', 'lost', 200, 50, null, 2, '2026-11-02'),
     ('D3', 'A9', 'open', -5, 100, null, 3, '2026-11-03'),
     ('D4', null, 'open', 300, 100, '2026-11-24 23:00:00', 5, '2026-11-05')`,
  'create table analytics.accounts (account_id varchar(10), is_active boolean)',
  `insert into analytics.accounts values ('A1', true), ('A2', false)`,
];

interface Case {
  readonly title: string;
  readonly test: GenericTestName;
  readonly column?: string;
  readonly args: Record<string, unknown>;
  readonly where?: string;
  readonly runDate?: string;
  readonly failures: number;
}

const CASES: readonly Case[] = [
  { title: 'not_null_proportion below at_least', test: 'not_null_proportion', column: 'closed_at', args: { at_least: 0.6 }, failures: 1 },
  { title: 'not_null_proportion at at_least', test: 'not_null_proportion', column: 'closed_at', args: { at_least: 0.5 }, failures: 0 },
  { title: 'not_null_proportion above at_most', test: 'not_null_proportion', column: 'deal_id', args: { at_least: 0, at_most: 0.9 }, failures: 1 },
  { title: 'not_null_proportion per group', test: 'not_null_proportion', column: 'closed_at', args: { at_least: 0.5, group_by_columns: ['stage'] }, failures: 1 },
  { title: 'recency within a day of the run date', test: 'recency', args: { field: 'closed_at', datepart: 'day', interval: 1 }, runDate: '2026-11-24', failures: 0 },
  { title: 'recency two days later', test: 'recency', args: { field: 'closed_at', datepart: 'day', interval: 1 }, runDate: '2026-11-26', failures: 1 },
  { title: 'recency in hours', test: 'recency', args: { field: 'closed_at', datepart: 'hour', interval: 2 }, runDate: '2026-11-24', failures: 0 },
  { title: 'recency of zero hours', test: 'recency', args: { field: 'closed_at', datepart: 'hour', interval: 0 }, runDate: '2026-11-24', failures: 1 },
  { title: 'recency per group', test: 'recency', args: { field: 'closed_at', datepart: 'day', interval: 1, group_by_columns: ['stage'] }, runDate: '2026-11-24', failures: 1 },
  { title: 'at_least_one with values', test: 'at_least_one', column: 'closed_at', args: {}, failures: 0 },
  { title: 'at_least_one where none', test: 'at_least_one', column: 'closed_at', args: {}, where: "stage = 'lost'", failures: 1 },
  { title: 'at_least_one per group', test: 'at_least_one', column: 'closed_at', args: { group_by_columns: ['stage'] }, failures: 1 },
  { title: 'not_constant varying', test: 'not_constant', column: 'stage', args: {}, failures: 0 },
  { title: 'not_constant constant', test: 'not_constant', column: 'stage', args: {}, where: "stage = 'open'", failures: 1 },
  { title: 'not_constant per group', test: 'not_constant', column: 'probability', args: { group_by_columns: ['stage'] }, failures: 3 },
  { title: 'sequential_values with a gap', test: 'sequential_values', column: 'seq', args: {}, failures: 1 },
  { title: 'sequential_values by 1 up to the gap', test: 'sequential_values', column: 'seq', args: { interval: 1 }, where: 'seq < 5', failures: 0 },
  { title: 'sequential_values in days', test: 'sequential_values', column: 'close_day', args: { datepart: 'day' }, failures: 1 },
  { title: 'sequential_values per group', test: 'sequential_values', column: 'seq', args: { group_by_columns: ['stage'] }, failures: 1 },
  { title: 'equal_rowcount differing', test: 'equal_rowcount', args: { compare_model: "ref('dim_accounts')" }, failures: 1 },
  { title: 'equal_rowcount equal', test: 'equal_rowcount', args: { compare_model: "ref('dim_accounts')" }, where: "account_id in ('A1', 'A2')", failures: 0 },
  { title: 'relationships_where orphan', test: 'relationships_where', column: 'account_id', args: { to: "ref('dim_accounts')", field: 'account_id' }, failures: 1 },
  { title: 'relationships_where from_condition', test: 'relationships_where', column: 'account_id', args: { to: "ref('dim_accounts')", field: 'account_id', from_condition: 'amount > 0' }, failures: 0 },
  { title: 'relationships_where to_condition', test: 'relationships_where', column: 'account_id', args: { to: "ref('dim_accounts')", field: 'account_id', to_condition: 'is_active' }, failures: 2 },
  { title: 'values between', test: 'expect_column_values_to_be_between', column: 'probability', args: { min_value: 0, max_value: 100 }, failures: 0 },
  { title: 'values strictly between', test: 'expect_column_values_to_be_between', column: 'probability', args: { min_value: 0, max_value: 100, strictly: true }, failures: 2 },
  { title: 'values above min_value', test: 'expect_column_values_to_be_between', column: 'probability', args: { min_value: 20 }, failures: 1 },
  { title: 'values between on a row_condition', test: 'expect_column_values_to_be_between', column: 'probability', args: { max_value: 50, row_condition: "stage = 'open'" }, failures: 2 },
  { title: 'values between SQL bounds', test: 'expect_column_values_to_be_between', column: 'closed_at', args: { min_value: "cast('2026-11-21' as timestamp)" }, failures: 1 },
  { title: 'regex matching every value', test: 'expect_column_values_to_match_regex', column: 'deal_id', args: { regex: '^D\\d$' }, failures: 0 },
  { title: 'regex matching part of a value', test: 'expect_column_values_to_match_regex', column: 'stage', args: { regex: 'o' }, failures: 0 },
  { title: 'regex failing', test: 'expect_column_values_to_match_regex', column: 'deal_id', args: { regex: '^D[12]' }, failures: 2 },
  { title: 'regex on a row_condition', test: 'expect_column_values_to_match_regex', column: 'deal_id', args: { regex: '^D[12]', row_condition: "stage <> 'open'" }, failures: 0 },
  { title: 'row count above max', test: 'expect_table_row_count_to_be_between', args: { min_value: 1, max_value: 3 }, failures: 1 },
  { title: 'row count within', test: 'expect_table_row_count_to_be_between', args: { min_value: 4, max_value: 4 }, failures: 0 },
  { title: 'row count strictly', test: 'expect_table_row_count_to_be_between', args: { max_value: 4, strictly: true }, failures: 1 },
  { title: 'row count on a row_condition', test: 'expect_table_row_count_to_be_between', args: { min_value: 3, row_condition: "stage = 'open'" }, failures: 1 },
  { title: 'values in set', test: 'expect_column_values_to_be_in_set', column: 'stage', args: { value_set: ['won', 'lost', 'open'] }, failures: 0 },
  { title: 'values outside the set', test: 'expect_column_values_to_be_in_set', column: 'stage', args: { value_set: ['won', 'lost'] }, failures: 1 },
  { title: 'values in an unquoted set', test: 'expect_column_values_to_be_in_set', column: 'probability', args: { value_set: [10, 50, 100], quote_values: false }, failures: 0 },
  { title: 'values in set on a row_condition', test: 'expect_column_values_to_be_in_set', column: 'stage', args: { value_set: ['open'], row_condition: 'amount > 250' }, failures: 0 },
];

function specOf(testCase: Case): GenericTestSpec {
  return {
    testName: testCase.test,
    column: testCase.column,
    severity: 'error',
    where: testCase.where,
    args: testCase.args,
    origin: { path: 'sql/facts/schema.yml', yamlPath: 'models[0].tests[0]' },
  };
}

async function failures(engine: Engine, target: TargetName, testCase: Case): Promise<number> {
  const sql = genericTestSql(specOf(testCase), { target, tested: 'analytics.deals', parent: 'analytics.accounts', runDate: testCase.runDate ?? '2026-11-24' });
  const [row] = await engine.query(failureCountQuery(sql));
  return Number(row?.failures);
}

function casesOn(open: () => { engine: Engine; target: TargetName }): void {
  it.each(CASES.map((testCase) => [testCase.title, testCase] as const))('%s', async (_, testCase) => {
    const { engine, target } = open();
    expect(await failures(engine, target, testCase)).toBe(testCase.failures);
  });
}

async function loadFixture(engine: Engine): Promise<void> {
  for (const statement of FIXTURE) await engine.execute(statement);
}

describe('dbt_utils and dbt_expectations tests on DuckDB', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await DuckDbEngine.open({ path: ':memory:' });
    await loadFixture(engine);
  });
  afterAll(async () => engine.close());
  casesOn(() => ({ engine, target: 'duckdb' }));
});

describe('dbt_utils and dbt_expectations tests on Postgres (PGlite)', () => {
  let engine: PgliteEngine;
  beforeAll(async () => {
    engine = await PgliteEngine.open();
    await loadFixture(engine);
  }, 60_000);
  afterAll(async () => engine.close());
  casesOn(() => ({ engine, target: 'postgres' }));
});

describe('dbt_utils and dbt_expectations tests on Redshift through the local Data API endpoint', () => {
  const engine = useEndpointEngine(loadFixture);
  casesOn(() => ({ engine: engine(), target: 'redshift' }));
});
