/**
 * dbt_utils and dbt_expectations tests as a project declares them in schema.yml: with or without
 * their package prefix, their arguments checked at the place written, and the second node that
 * equal_rowcount and relationships_where read resolved like relationships' `to:`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { removeProjects, writeProject } from './unit-test-project.ts';

afterAll(removeProjects);

function factsSchema(modelTests: string, amountTests = '[]'): string {
  return `version: 2
models:
  - name: fact_deals
    tests:
${modelTests}
    columns:
      - name: deal_id
      - name: double_amount
        tests: ${amountTests}
`;
}

async function compiled(modelTests: string, amountTests?: string) {
  const project = await loadProject(await writeProject({ 'sql/facts/schema.yml': factsSchema(modelTests, amountTests) }));
  return compileProject(project, { target: 'duckdb' });
}

async function loadErrors(modelTests: string, amountTests?: string): Promise<string[]> {
  try {
    await compiled(modelTests, amountTests);
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to be rejected');
}

const M = 'sql/facts/schema.yml: models[0].tests[0]';
const C = 'sql/facts/schema.yml: models[0].columns[1].tests[0]';

describe('package tests in schema.yml', () => {
  it('reads dbt_utils. and dbt_expectations. names and bare ones alike, naming each test as dbt does', async () => {
    const plan = await compiled(
      `      - dbt_utils.equal_rowcount: { compare_model: "ref('stg_crm_deals')" }
      - dbt_expectations.expect_table_row_count_to_be_between: { min_value: 1 }
      - recency: { datepart: day, field: run_date, interval: 1 }`,
      `[dbt_utils.not_null_proportion: { at_least: 0.9 }, expect_column_values_to_be_between: { min_value: 0, row_condition: "deal_id is not null" }]`,
    );
    const tests = plan.tests.filter((test) => test.attachedTo === 'model.crm.fact_deals');
    expect(tests.map((test) => [test.name, test.testName])).toEqual([
      ['not_null_proportion_fact_deals_0_9__double_amount', 'not_null_proportion'],
      ['expect_column_values_to_be_between_fact_deals_double_amount__0__deal_id_is_not_null', 'expect_column_values_to_be_between'],
      ['equal_rowcount_fact_deals_ref_stg_crm_deals_', 'equal_rowcount'],
      ['expect_table_row_count_to_be_between_fact_deals_1', 'expect_table_row_count_to_be_between'],
      ['recency_fact_deals_day__run_date__1', 'recency'],
    ]);
    const rowcount = tests.find((test) => test.testName === 'equal_rowcount');
    expect(rowcount?.dependsOn.models).toEqual(['model.crm.fact_deals', 'model.crm.stg_crm_deals']);
    expect(rowcount?.auditSql).toContain('analytics.fact_deals__wap');
    expect(rowcount?.auditSql).toContain('staging.stg_crm_deals compared');
    // recency measures from the end of the compiled run date, not the clock.
    expect(tests.find((test) => test.testName === 'recency')?.sql).toContain("cast('2026-11-24' as date)");
  });

  it('renders var() in row_condition, from_condition and to_condition', async () => {
    const plan = await compiled(
      '      - not_empty',
      `[relationships_where: { to: "ref('stg_crm_deals')", field: deal_id, from_condition: "run_date = '{{ var('run_date') }}'", to_condition: "updated_at < '{{ var('run_date') }}'" }]`,
    );
    const test = plan.tests.find((each) => each.testName === 'relationships_where');
    expect(test?.sql).toContain("(run_date = '2026-11-24')");
    expect(test?.sql).toContain("(updated_at < '2026-11-24')");
  });

  const cases: [string, string, string | undefined, string[]][] = [
    ['an unknown package test, with a suggestion', '      - dbt_utils.recencyy: {}', undefined, [`${M}: unknown test 'dbt_utils.recencyy'; did you mean 'dbt_utils.recency'?`]],
    ['a bad datepart', '      - recency: { datepart: days, field: run_date, interval: 1 }', undefined, [`${M}.recency.datepart: expected one of year, quarter, month, week, day, hour, minute, second`]],
    ['a fractional recency interval', '      - recency: { datepart: day, field: run_date, interval: 1.5 }', undefined, [`${M}.recency.interval: expected a whole number, got 1.5`]],
    ['a proportion above 1', '      - not_empty', '[not_null_proportion: { at_least: 2 }]', [`${C}.not_null_proportion.at_least: must be a proportion from 0 to 1`]],
    ['an unknown compare_model', `      - equal_rowcount: { compare_model: "ref('fact_deal')" }`, undefined, [`${M}: equal_rowcount compare_model: unknown model 'fact_deal' in ref('fact_deal'); did you mean 'fact_deals'?`]],
    ['a compare_model that is not a reference', '      - equal_rowcount: { compare_model: fact_deals }', undefined, [`${M}.equal_rowcount.compare_model: must be ref('model') or source('source', 'table'), got 'fact_deals'`]],
    ['a between without bounds', '      - expect_table_row_count_to_be_between: { strictly: true }', undefined, [`${M}.expect_table_row_count_to_be_between: needs min_value, max_value or both`]],
    ['a column test on the model', '      - expect_column_values_to_match_regex: { regex: x }', undefined, [`${M}: expect_column_values_to_match_regex tests a column: declare it under the column's tests`]],
    ['an empty value_set', '      - not_empty', '[expect_column_values_to_be_in_set: { value_set: [] }]', [`${C}.expect_column_values_to_be_in_set.value_set: must list at least one value`]],
    ['an unknown argument', '      - not_empty', '[at_least_one: { group_by: [deal_id] }]', [`${C}.at_least_one: unknown argument 'group_by' (expected one of group_by_columns)`]],
  ];
  it.each(cases)('reports %s', async (_, modelTests, amountTests, messages) => {
    expect(await loadErrors(modelTests, amountTests)).toEqual(messages);
  });
});
