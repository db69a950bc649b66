import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genericTestSql, relatedNode } from '../../lib/project/generic-tests.ts';
import type { GenericTestName, GenericTestSpec } from '../../lib/project/project.ts';

let connection: DuckDBConnection;

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  await connection.run(`
    create schema analytics;
    create table analytics.deals (deal_id varchar, account_id varchar, stage varchar, amount decimal(18,2), probability integer, region varchar);
    insert into analytics.deals values
      ('D1', 'A1', 'prospecting', 100, 10, 'eu'),
      ('D2', 'A2', 'won', 200, 50, 'eu'),
      ('D2', 'A9', 'closed_won', -5, 150, 'us'),
      (null, null, null, null, null, 'us'),
      ('D3', 'A8', 'negotiation', 300, 100, 'us'),
      ('D3', 'A1', 'lost', 0, 0, 'eu');
    create table analytics.accounts (account_id varchar);
    insert into analytics.accounts values ('A1'), ('A2');
    create table analytics.nothing (x integer);
  `);
});

afterAll(() => {
  connection.closeSync();
});

function spec(testName: GenericTestName, column: string | undefined, args: Record<string, unknown> = {}, where?: string): GenericTestSpec {
  return { testName, column, severity: 'error', where, args, origin: { path: 'sql/facts/schema.yml', yamlPath: 'models[0].columns[1].tests[0]' } };
}

async function failingRows(test: GenericTestSpec, tested = 'analytics.deals', parent?: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(`${genericTestSql(test, { target: 'duckdb', tested, parent })}\norder by 1`);
  return reader.getRowObjectsJson();
}

describe('generic test SQL on DuckDB', () => {
  it('unique returns each duplicated value with its count, ignoring NULLs', async () => {
    expect(await failingRows(spec('unique', 'deal_id'))).toEqual([
      { unique_field: 'D2', n_records: '2' },
      { unique_field: 'D3', n_records: '2' },
    ]);
    expect(await failingRows(spec('unique', 'deal_id', {}, "region = 'us'"))).toEqual([]);
  });

  it('not_null returns the rows with a NULL', async () => {
    expect((await failingRows(spec('not_null', 'deal_id'))).map((row) => row.region)).toEqual(['us']);
    expect(await failingRows(spec('not_null', 'deal_id', {}, "region = 'eu'"))).toEqual([]);
  });

  it('accepted_values returns each other value with its count; NULL is not a failure', async () => {
    const test = spec('accepted_values', 'stage', { values: ['prospecting', 'negotiation', 'closed_won'] });
    expect(await failingRows(test)).toEqual([
      { value_field: 'lost', n_records: '1' },
      { value_field: 'won', n_records: '1' },
    ]);
    expect(await failingRows({ ...test, where: "region = 'us'" })).toEqual([]);
  });

  it('accepted_values quotes each value for the target: a backslash is doubled for Redshift only', () => {
    const test = spec('accepted_values', 'region', { values: ['eu\\', "o'k"] });
    expect(genericTestSql(test, { target: 'redshift', tested: 'analytics.deals' })).toContain("where value_field not in ('eu\\\\', 'o''k')");
    expect(genericTestSql(test, { target: 'postgres', tested: 'analytics.deals' })).toContain("where value_field not in ('eu\\', 'o''k')");
  });

  it('accepted_values compares unquoted values when quote is false', async () => {
    expect(await failingRows(spec('accepted_values', 'probability', { values: [0, 10, 50, 100], quote: false }))).toEqual([{ value_field: 150, n_records: '1' }]);
  });

  it('relationships returns child keys missing from the parent, skipping NULL keys, filtering only the child', async () => {
    const test = spec('relationships', 'account_id', { to: "ref('dim_accounts')", field: 'account_id' });
    expect(await failingRows(test, 'analytics.deals', 'analytics.accounts')).toEqual([{ from_field: 'A8' }, { from_field: 'A9' }]);
    expect(await failingRows({ ...test, where: "region = 'us' and amount > 0" }, 'analytics.deals', 'analytics.accounts')).toEqual([{ from_field: 'A8' }]);
  });

  it('expression_is_true returns rows where the model-level expression is false', async () => {
    const test = spec('expression_is_true', undefined, { expression: 'amount > 0 and probability <= 100' });
    expect((await failingRows(test)).map((row) => row.stage)).toEqual(['closed_won', 'lost']);
    expect((await failingRows({ ...test, where: "region = 'eu'" })).map((row) => row.stage)).toEqual(['lost']);
  });

  it('expression_is_true on a column prefixes the column', async () => {
    expect((await failingRows(spec('expression_is_true', 'amount', { expression: '>= 0' }))).map((row) => row.stage)).toEqual(['closed_won']);
  });

  it('accepted_range returns rows outside the bounds; NULL is not a failure', async () => {
    expect((await failingRows(spec('accepted_range', 'probability', { min_value: 0, max_value: 100 }))).map((row) => row.probability)).toEqual([150]);
    expect((await failingRows(spec('accepted_range', 'probability', { min_value: 0, max_value: 100, inclusive: false }))).map((row) => row.probability).sort()).toEqual([0, 100, 150]);
    expect((await failingRows(spec('accepted_range', 'amount', { min_value: 'cast(0 as decimal(18,2))' }))).map((row) => row.stage)).toEqual(['closed_won']);
    expect(await failingRows(spec('accepted_range', 'probability', { max_value: 100 }, "region = 'eu'"))).toEqual([]);
  });

  it('not_empty fails with one row on an empty relation, or when where leaves nothing', async () => {
    expect(await failingRows(spec('not_empty', undefined), 'analytics.nothing')).toEqual([{ row_count: '0' }]);
    expect(await failingRows(spec('not_empty', undefined))).toEqual([]);
    expect(await failingRows(spec('not_empty', undefined, {}, "region = 'asia'"))).toEqual([{ row_count: '0' }]);
  });

  it('unique_combination_of_columns returns duplicated combinations with their count', async () => {
    expect(await failingRows(spec('unique_combination_of_columns', undefined, { combination_of_columns: ['region', 'stage'] }))).toEqual([]);
    expect(await failingRows(spec('unique_combination_of_columns', undefined, { combination_of_columns: ['deal_id', 'region'] }))).toEqual([]);
    expect(await failingRows(spec('unique_combination_of_columns', undefined, { combination_of_columns: ['region'] }), 'analytics.deals')).toEqual([
      { region: 'eu', n_records: '3' },
      { region: 'us', n_records: '3' },
    ]);
    // The NULL-stage row fails `stage <> 'won'` too, so us keeps two rows.
    expect(await failingRows(spec('unique_combination_of_columns', undefined, { combination_of_columns: ['region'] }, "stage <> 'won'"))).toEqual([
      { region: 'eu', n_records: '2' },
      { region: 'us', n_records: '2' },
    ]);
  });

  it('uses only portable constructs', () => {
    const all: GenericTestSpec[] = [
      spec('unique', 'a'),
      spec('not_null', 'a'),
      spec('accepted_values', 'a', { values: ['x'] }),
      spec('relationships', 'a', { to: "ref('b')", field: 'a' }),
      spec('expression_is_true', undefined, { expression: 'a > 0' }),
      spec('accepted_range', 'a', { min_value: 0, max_value: 1 }),
      spec('not_empty', undefined),
      spec('unique_combination_of_columns', undefined, { combination_of_columns: ['a', 'b'] }),
      spec('not_null_proportion', 'a', { at_least: 0.5, group_by_columns: ['b'] }),
      spec('recency', undefined, { field: 'a', datepart: 'day', interval: 1 }),
      spec('at_least_one', 'a'),
      spec('not_constant', 'a'),
      spec('sequential_values', 'a', { datepart: 'day' }),
      spec('equal_rowcount', undefined, { compare_model: "ref('b')" }),
      spec('relationships_where', 'a', { to: "ref('b')", field: 'a', to_condition: 'b > 0' }),
      spec('expect_column_values_to_be_between', 'a', { min_value: 0, row_condition: 'b > 0' }),
      spec('expect_column_values_to_match_regex', 'a', { regex: '^x' }),
      spec('expect_table_row_count_to_be_between', undefined, { max_value: 3 }),
      spec('expect_column_values_to_be_in_set', 'a', { value_set: ['x'] }),
    ];
    for (const test of all) {
      const sql = genericTestSql({ ...test, where: 'a = 1' }, { target: 'duckdb', tested: 'analytics.t', parent: 'analytics.p', runDate: '2026-11-24' }).toLowerCase();
      expect(sql).not.toMatch(/filter\s*\(|distinct on|array|\[|::/);
      expect(sql).toContain('(select * from analytics.t where a = 1) dbt_subquery');
      expect(sql).not.toContain('analytics.p where');
    }
  });
});

describe('generic test argument errors', () => {
  const place = 'sql/facts/schema.yml: models[0].columns[1].tests[0]';
  const cases: [string, GenericTestSpec, string][] = [
    ['column missing', spec('unique', undefined), 'unique must be declared under a column'],
    ['column forbidden', spec('not_empty', 'a'), "not_empty tests the whole model: declare it under the model's tests, not under column 'a'"],
    ['unknown argument', spec('accepted_values', 'a', { value: ['x'] }), "accepted_values has an unknown argument 'value': it takes values, quote"],
    ['argument on an argument-less test', spec('not_null', 'a', { values: [1] }), "not_null has an unknown argument 'values': it takes no arguments"],
    ['required argument missing', spec('relationships', 'a', { to: "ref('b')" }), "relationships needs the argument 'field'"],
    ['empty values', spec('accepted_values', 'a', { values: [] }), "accepted_values 'values' must be a non-empty list of strings, numbers or booleans"],
    ['non-boolean quote', spec('accepted_values', 'a', { values: ['x'], quote: 'no' }), "accepted_values 'quote' must be true or false"],
    ['empty expression', spec('expression_is_true', undefined, { expression: ' ' }), "expression_is_true 'expression' must be a non-empty string"],
    ['no bounds', spec('accepted_range', 'a'), "accepted_range needs 'min_value', 'max_value' or both"],
    ['bad bound', spec('accepted_range', 'a', { min_value: true }), "accepted_range 'min_value' must be a number or a SQL expression"],
    ['bad inclusive', spec('accepted_range', 'a', { min_value: 0, inclusive: 'yes' }), "accepted_range 'inclusive' must be true or false"],
    ['bad column list', spec('unique_combination_of_columns', undefined, { combination_of_columns: 'a' }), "unique_combination_of_columns 'combination_of_columns' must be a non-empty list of column names"],
    ['bad datepart', spec('recency', undefined, { field: 'a', datepart: 'days', interval: 1 }), "recency 'datepart' must be one of year, quarter, month, week, day, hour, minute, second"],
    ['negative recency interval', spec('recency', undefined, { field: 'a', datepart: 'day', interval: -1 }), "recency 'interval' must be a whole number, 0 or more"],
    ['recency without a run date', spec('recency', undefined, { field: 'a', datepart: 'day', interval: 1 }), "recency measures from var('run_date'), which must be a date (YYYY-MM-DD), got none"],
    ['non-numeric proportion', spec('not_null_proportion', 'a', { at_least: '0.5' }), "not_null_proportion 'at_least' must be a number"],
    ['bad group_by_columns', spec('not_constant', 'a', { group_by_columns: 'b' }), "not_constant 'group_by_columns' must be a non-empty list of column names"],
    ['between without bounds', spec('expect_column_values_to_be_between', 'a', { strictly: true }), "expect_column_values_to_be_between needs 'min_value', 'max_value' or both"],
    ['non-boolean strictly', spec('expect_table_row_count_to_be_between', undefined, { min_value: 1, strictly: 'yes' }), "expect_table_row_count_to_be_between 'strictly' must be true or false"],
    ['empty value_set', spec('expect_column_values_to_be_in_set', 'a', { value_set: [] }), "expect_column_values_to_be_in_set 'value_set' must be a non-empty list of strings, numbers or booleans"],
    ['empty regex', spec('expect_column_values_to_match_regex', 'a', { regex: '' }), "expect_column_values_to_match_regex 'regex' must be a non-empty string"],
  ];
  it.each(cases)('%s', (_, test, message) => {
    expect(() => genericTestSql(test, { target: 'duckdb', tested: 'analytics.t', parent: 'analytics.p' })).toThrow(`${place}: ${message}`);
  });

  it('names the file alone for a test without a YAML path', () => {
    const test = { ...spec('unique', undefined), origin: { path: 'sql/facts/schema.yml' } };
    expect(() => genericTestSql(test, { target: 'duckdb', tested: 'analytics.t' })).toThrow('sql/facts/schema.yml: unique must be declared under a column');
  });

  it('reads the second node of relationships and equal_rowcount, and rejects anything else', () => {
    expect(relatedNode(spec('relationships', 'a', { to: "ref('dim_accounts')", field: 'id' }))).toEqual({ kind: 'ref', name: 'dim_accounts' });
    expect(relatedNode(spec('relationships', 'a', { to: 'source("crm", "users")', field: 'id' }))).toEqual({ kind: 'source', sourceName: 'crm', tableName: 'users' });
    expect(relatedNode(spec('equal_rowcount', undefined, { compare_model: "ref('fact_orders')" }))).toEqual({ kind: 'ref', name: 'fact_orders' });
    expect(relatedNode(spec('unique', 'a'))).toBeUndefined();
    expect(() => relatedNode(spec('relationships', 'a', { to: 'dim_accounts', field: 'id' }))).toThrow(
      `${place}: relationships 'to' must be ref('model') or source('source', 'table'), got 'dim_accounts'`,
    );
  });
});
