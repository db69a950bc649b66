/**
 * A generic test on a column its relation lacks is a compile error at the schema.yml line of the
 * test, with a did-you-mean: the column it is declared under and the columns its arguments name,
 * checked against what the model's SELECT outputs or the source's contract.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { BASE_FILES, removeProjects, writeProject } from './unit-test-project.ts';

afterAll(removeProjects);

async function compileErrors(files: Record<string, string>): Promise<string[]> {
  try {
    compileProject(await loadProject(await writeProject(files)), { target: 'duckdb' });
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  return [];
}

function factsSchema(columns: string, modelTests = '[]'): string {
  return `version: 2
models:
  - name: fact_deals
    tests: ${modelTests}
    columns:
${columns}
`;
}

describe('columns a generic test names', () => {
  it('passes tests on columns the model outputs, and on load columns of a source', async () => {
    expect(
      await compileErrors({
        'sql/facts/schema.yml': factsSchema(
          `      - name: deal_id
        tests: [unique, {relationships: {to: "ref('stg_crm_deals')", field: deal_id}}]`,
          '[{unique_combination_of_columns: {combination_of_columns: [deal_id, run_date]}}]',
        ),
        'sql/sources.yml': `${BASE_FILES['sql/sources.yml']}        tests: [{unique_combination_of_columns: {combination_of_columns: [account_id, _ingest_date]}}]\n`,
      }),
    ).toEqual([]);
  });

  it('reports a column test on a column the model does not output, at its line', async () => {
    expect(
      await compileErrors({
        'sql/facts/schema.yml': factsSchema(`      - name: deal_id
      - name: double_amout
        tests:
          - not_null`),
      }),
    ).toEqual([
      "sql/facts/schema.yml:9: models[0].columns[1].tests[0]: not_null tests a column that does not exist: model 'fact_deals' outputs no column 'double_amout'; did you mean 'double_amount'?",
    ]);
  });

  it('reports a column argument the model lacks, and a relationships field its parent lacks', async () => {
    expect(
      await compileErrors({
        'sql/facts/schema.yml': factsSchema(
          `      - name: deal_id
        tests:
          - relationships: { to: "ref('stg_crm_accounts')", field: acount_id }`,
          '[{dbt_utils.unique_combination_of_columns: {combination_of_columns: [deal_id, acount_name]}}]',
        ),
      }),
    ).toEqual([
      "sql/facts/schema.yml:8: models[0].columns[0].tests[0]: relationships tests a column that does not exist: model 'stg_crm_accounts' outputs no column 'acount_id'; did you mean 'account_id'?",
      "sql/facts/schema.yml:4: models[0].tests[0]: unique_combination_of_columns tests a column that does not exist: model 'fact_deals' outputs no column 'acount_name'; did you mean 'account_name'?",
    ]);
  });

  it("reports a source test's column missing from the contract", async () => {
    expect(
      await compileErrors({
        'sql/sources.yml': `${BASE_FILES['sql/sources.yml']}        tests:\n          - recency: { datepart: day, field: updated, interval: 1 }\n`,
      }),
    ).toEqual([
      "sql/sources.yml:17: sources[0].tables[1].tests[0]: recency tests a column that does not exist: source 'crm.accounts' has no column 'updated' in its contract",
    ]);
  });

  it("does not guess when a model's output cannot be listed", async () => {
    expect(
      await compileErrors({
        'sql/marts/mart_deal_count.sql': `select count(*) from {{ ref('fact_deals') }}`,
        'sql/marts/schema.yml': `version: 2
models:
  - name: mart_deal_count
    columns:
      - name: deal_count
        tests: [not_null]
`,
      }),
    ).toEqual([]);
  });
});
