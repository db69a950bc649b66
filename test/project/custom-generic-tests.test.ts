/**
 * The project's own generic tests, dbt's `{% test name(model, column_name, arg=default) %}` blocks in
 * sql/tests/generic/: used in schema.yml and sources.yml like the built-ins, compiled to a query of
 * the failing rows that runs on DuckDB and Postgres, and every mistake in a definition or a use
 * reported at its place.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import type { TargetName } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { failureCountQuery } from '../../lib/publish/audit-checks.ts';
import { BASE_FILES, removeProjects, writeProject } from './unit-test-project.ts';

afterAll(removeProjects);

const AT_LEAST = `{#- The column is never below a floor, by default 0. -#}
{% test at_least(model, column_name, floor=0) %}
select {{ column_name }} as failing_value
from {{ model }}
where {{ column_name }} < {{ floor }}
{% endtest %}
`;

const AS_MANY_ROWS_AS_STAGING = `{% test as_many_rows_as_staging(model) %}
select tested.row_count
from (select count(*) as row_count from {{ model }}) tested
cross join (select count(*) as row_count from {{ ref('stg_crm_deals') }}) staged
where tested.row_count <> staged.row_count
{% endtest %}
`;

const FACTS_SCHEMA = `version: 2
models:
  - name: fact_deals
    tests: [as_many_rows_as_staging]
    columns:
      - name: double_amount
        tests:
          - at_least
          - at_least: { floor: 10, config: { where: "deal_id <> 'D3'", severity: warn } }
`;

const SOURCES_WITH_TEST = BASE_FILES['sql/sources.yml']?.replace(
  "          - { name: amount, data_type: 'decimal(18,2)' }",
  "          - { name: amount, data_type: 'decimal(18,2)', tests: [{at_least: {arguments: {floor: -100}}}] }",
) as string;

async function plan(files: Record<string, string>, target: TargetName = 'duckdb') {
  return compileProject(await loadProject(await writeProject(files)), { target });
}

async function loadErrors(files: Record<string, string>): Promise<string[]> {
  try {
    await plan(files);
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to be rejected');
}

const PROJECT = {
  'sql/tests/generic/at_least.sql': AT_LEAST,
  'sql/tests/generic/row_counts.sql': AS_MANY_ROWS_AS_STAGING,
  'sql/facts/schema.yml': FACTS_SCHEMA,
  'sql/sources.yml': SOURCES_WITH_TEST,
};

async function failuresOn(engine: Engine, target: TargetName): Promise<Record<string, number>> {
  for (const statement of [
    'create schema if not exists analytics',
    'create schema if not exists staging',
    'create schema if not exists raw',
    'create table analytics.fact_deals (deal_id varchar(10), double_amount decimal(18,2))',
    `insert into analytics.fact_deals values ('D1', 20), ('D2', 5), ('D3', -4)`,
    'create table staging.stg_crm_deals (deal_id varchar(10))',
    `insert into staging.stg_crm_deals values ('D1'), ('D2')`,
    'create table raw.deals (deal_id varchar(10), amount decimal(18,2))',
    `insert into raw.deals values ('D1', -150), ('D2', 10)`,
  ]) {
    await engine.execute(statement);
  }
  const compiled = await plan(PROJECT, target);
  const counts: Record<string, number> = {};
  for (const test of compiled.tests.filter((each) => each.kind === 'generic' && ['at_least', 'as_many_rows_as_staging'].includes(each.testName))) {
    const [row] = await engine.query(failureCountQuery(test.sql));
    counts[test.name] = Number(row?.failures);
  }
  return counts;
}

const EXPECTED_FAILURES = {
  as_many_rows_as_staging_fact_deals: 1,
  at_least_fact_deals_double_amount: 1,
  at_least_fact_deals_double_amount__10: 1,
  source_at_least_crm_deals_amount___100: 1,
};

describe("the project's own generic tests", () => {
  it('compile like the built-ins: named, attached, ordered after what their body reads, configured', async () => {
    const compiled = await plan(PROJECT);
    const tests = compiled.tests.filter((test) => ['at_least', 'as_many_rows_as_staging'].includes(test.testName));
    expect(tests.map((test) => [test.name, test.attachedTo, test.severity, test.dependsOn])).toEqual([
      ['source_at_least_crm_deals_amount___100', 'source.crm.deals', 'error', { models: [], sources: ['source.crm.deals'] }],
      ['at_least_fact_deals_double_amount', 'model.crm.fact_deals', 'error', { models: ['model.crm.fact_deals'], sources: [] }],
      ['at_least_fact_deals_double_amount__10', 'model.crm.fact_deals', 'warn', { models: ['model.crm.fact_deals'], sources: [] }],
      ['as_many_rows_as_staging_fact_deals', 'model.crm.fact_deals', 'error', { models: ['model.crm.fact_deals', 'model.crm.stg_crm_deals'], sources: [] }],
    ]);
    const [, , filtered, rowCounts] = tests;
    expect(filtered?.sql).toBe(`select double_amount as failing_value
from (select * from analytics.fact_deals where deal_id <> 'D3') dbt_subquery
where double_amount < 10`);
    expect(rowCounts?.auditSql).toContain('from analytics.fact_deals__wap) tested');
    expect(rowCounts?.auditSql).toContain('from staging.stg_crm_deals) staged');
  });

  it('run on DuckDB', async () => {
    const engine = await DuckDbEngine.open({ path: ':memory:' });
    try {
      expect(await failuresOn(engine, 'duckdb')).toEqual(EXPECTED_FAILURES);
    } finally {
      await engine.close();
    }
  });

  it('run on Postgres (PGlite)', async () => {
    const engine = await PgliteEngine.open();
    try {
      expect(await failuresOn(engine, 'postgres')).toEqual(EXPECTED_FAILURES);
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('report each mistake in a use at its YAML place, naming where the test is defined', async () => {
    const P = 'sql/facts/schema.yml: models[0]';
    const D = '(defined at sql/tests/generic/at_least.sql:2)';
    expect(
      await loadErrors({
        ...PROJECT,
        'sql/facts/schema.yml': `version: 2
models:
  - name: fact_deals
    tests: [at_least, as_many_rows_as_stagin]
    columns:
      - name: double_amount
        tests:
          - at_least: { flor: 1 }
          - at_least: { floor: { min: 1 } }
          - as_many_rows_as_staging
          - at_lest
`,
      }),
    ).toEqual([
      `${P}.tests[0]: at_least tests a column: declare it under the column's tests ${D}`,
      `${P}.tests[1]: unknown test 'as_many_rows_as_stagin'; did you mean 'as_many_rows_as_staging'?`,
      `${P}.columns[0].tests[0]: at_least has an unknown argument 'flor'; did you mean 'floor'? ${D}`,
      `${P}.columns[0].tests[1]: at_least argument 'floor' must be a string, number, boolean or a list of them ${D}`,
      `${P}.columns[0].tests[2]: as_many_rows_as_staging tests the whole model (it takes no column_name): declare it under the model's tests, not under column 'double_amount' (defined at sql/tests/generic/row_counts.sql:1)`,
      `${P}.columns[0].tests[3]: unknown test 'at_lest'; did you mean 'at_least'?`,
    ]);
  });

  it('report a required argument left out', async () => {
    expect(
      await loadErrors({
        'sql/tests/generic/between.sql': '{% test between_bounds(model, column_name, low, high=100) %}select * from {{ model }} where {{ column_name }} < {{ low }}{% endtest %}',
        'sql/facts/schema.yml': 'version: 2\nmodels:\n  - name: fact_deals\n    columns:\n      - name: double_amount\n        tests: [between_bounds]\n',
      }),
    ).toEqual([
      "sql/facts/schema.yml: models[0].columns[0].tests[0]: between_bounds needs the argument 'low' (defined at sql/tests/generic/between.sql:1)",
    ]);
  });

  it('report each mistake in a definition at its file and line', async () => {
    expect(
      await loadErrors({
        'sql/tests/generic/bad.sql': `{% test no_model(relation, column_name) %}select 1{% endtest %}
{% test unique(model, column_name) %}select 1{% endtest %}
{% test defaulted(model, column_name='id') %}select 1{% endtest %}
{% test once(model) %}select 1{% endtest %}`,
        'sql/tests/generic/twice.sql': `{% test once(model) %}select 1{% endtest %}`,
        'sql/tests/generic/broken.sql': `{% test broken(model) %}
select * from {{ model }} where {{ nonsense( }}
{% endtest %}`,
        'sql/tests/generic/with_macro.sql': `\n{% macro helper() %}1{% endmacro %}`,
        'sql/tests/generic/configured.sql': `{% test configured(model) %}\n{{ config(severity='warn') }}\nselect 1\n{% endtest %}`,
        'sql/tests/generic/stray.sql': `select 1\n{% test stray(model) %}select 1{% endtest %}`,
      }),
    ).toEqual([
      expect.stringMatching(/^sql\/tests\/generic\/bad\.sql:1: test 'no_model' must take the tested relation as its first parameter, 'model'/),
      "sql/tests/generic/bad.sql:2: test 'unique' has the name of a built-in test; choose another name",
      "sql/tests/generic/bad.sql:3: test 'defaulted': column_name is the column the test is declared under and takes no default",
      expect.stringMatching(/^sql\/tests\/generic\/broken\.sql:2: /),
      "sql/tests/generic/configured.sql:2: '{{ config(severity='warn') }}': a test's severity and other configs are set where it is used (config: in schema.yml), not in its definition",
      'sql/tests/generic/stray.sql: only {% test %}…{% endtest %} blocks and comments belong in a generic test file',
      "sql/tests/generic/twice.sql:1: test 'once' is already defined at sql/tests/generic/bad.sql:4",
      'sql/tests/generic/with_macro.sql:2: a generic test file holds {% test %} blocks; macros belong in sql/macros',
    ]);
  });
});
