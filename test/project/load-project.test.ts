import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { TempProjects } from './temp-project.ts';

const PROJECT_YML = `name: crm
vars:
  run_date: '2026-11-24'
models:
  staging: { schema: staging, materialized: view, tags: [staging] }
  dimensions: { schema: analytics, materialized: table, tags: [dimension] }
  facts: { schema: analytics, materialized: table, tags: fact }
  marts: { schema: marts, materialized: table }
`;

const SOURCES_YML = `version: 2
sources:
  - name: crm
    schema: raw
    tables:
      - name: accounts
        columns:
          - { name: account_id, data_type: varchar, tests: [unique] }
      - name: deals
`;

const BASE: Record<string, string> = { 'sql/project.yml': PROJECT_YML, 'sql/sources.yml': SOURCES_YML };

const projects = new TempProjects('load-project');
afterAll(() => projects.removeAll());

/** A project in a fresh temp folder: BASE plus `files`; a file mapped to undefined is left out. */
async function writeProject(files: Record<string, string | undefined>): Promise<string> {
  return projects.write({ ...BASE, ...files });
}

async function loadErrors(files: Record<string, string | undefined>): Promise<string[]> {
  const root = await writeProject(files);
  try {
    await loadProject(root);
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to fail to load');
}

/** A schema.yml with one model entry per name, in order, each with no properties. */
function schemaYml(...names: string[]): string {
  return `version: 2\nmodels:\n${names.map((name) => `  - name: ${name}\n`).join('')}`;
}

describe('loadProject', () => {
  it('loads models, properties, config, sources, singular tests and exposures', async () => {
    const root = await writeProject({
      'sql/staging/crm/stg_crm_accounts.sql': `select * from {{ source('crm', 'accounts') }}`,
      'sql/staging/schema.yml': `version: 2
models:
  - name: stg_crm_accounts
    description: Accounts, current version.
    meta: { grain: one row per account, owner: data team }
    data_tests:
      - not_empty:
          config: { severity: warn }
    columns:
      - name: account_id
        description: The key.
        data_type: varchar
        data_tests: [unique, not_null]
`,
      'sql/facts/fact_deals.sql': `{{ config(materialized='incremental', tags=['finance'], unique_key='deal_id') }}
select * from {{ ref('stg_crm_accounts') }}`,
      'sql/facts/schema.yml': `version: 2
models:
  - name: fact_deals
    config: { materialized: table, tags: [daily, fact], sort: created_at, dist: account_id, unique_key: [a, b] }
    tests:
      - dbt_utils.unique_combination_of_columns:
          arguments: { combination_of_columns: [deal_id, account_id] }
      - expression_is_true:
          expression: amount >= 0
          severity: WARN
          where: stage = 'closed_won'
    columns:
      - name: account_id
        tests:
          - relationships:
              to: ref('stg_crm_accounts')
              field: account_id
          - accepted_values:
              values: [1, 2]
              quote: false
              config: { where: account_id is not null }
          - accepted_range: { min_value: 0 }
`,
      'sql/marts/pipeline.sql': 'select 1 as one',
      'sql/tests/assert_one.sql': 'select * from {{ ref("fact_deals") }} where false',
      'sql/tests/nested/assert_warned.sql': `{{ config(severity='warn') }}\nselect 1 where false`,
      'sql/exposures.yml': `version: 2
exposures:
  - name: sales_pipeline
    label: Sales Pipeline
    type: dashboard
    maturity: high
    url: https://example.com/pipeline
    description: Deal flow.
    depends_on: ["ref('fact_deals')", "source('crm', 'deals')"]
    owner: { name: Sales Ops, email: ops@example.com }
`,
    });
    const project = await loadProject(root);

    expect(project.root).toBe(root);
    expect(project.config).toEqual({
      name: 'crm',
      vars: { run_date: '2026-11-24' },
      layers: [
        { name: 'staging', schema: 'staging', materialized: 'view', tags: ['staging'] },
        { name: 'dimensions', schema: 'analytics', materialized: 'table', tags: ['dimension'] },
        { name: 'facts', schema: 'analytics', materialized: 'table', tags: ['fact'] },
        { name: 'marts', schema: 'marts', materialized: 'table', tags: [] },
      ],
    });
    expect(project.models.map((model) => model.name)).toEqual(['fact_deals', 'pipeline', 'stg_crm_accounts']);

    const [factDeals, pipeline, staging] = project.models;
    expect(staging).toEqual({
      name: 'stg_crm_accounts',
      layer: 'staging',
      path: 'sql/staging/crm/stg_crm_accounts.sql',
      rawSql: `select * from {{ source('crm', 'accounts') }}`,
      description: 'Accounts, current version.',
      grain: 'one row per account',
      schema: 'staging',
      materialized: 'view',
      tags: ['staging'],
      columns: [
        {
          name: 'account_id',
          description: 'The key.',
          dataType: 'varchar',
          tests: [
            {
              testName: 'unique',
              column: 'account_id',
              severity: 'error',
              args: {},
              origin: { path: 'sql/staging/schema.yml', yamlPath: 'models[0].columns[0].data_tests[0]' },
            },
            {
              testName: 'not_null',
              column: 'account_id',
              severity: 'error',
              args: {},
              origin: { path: 'sql/staging/schema.yml', yamlPath: 'models[0].columns[0].data_tests[1]' },
            },
          ],
        },
      ],
      tests: [
        {
          testName: 'not_empty',
          severity: 'warn',
          args: {},
          origin: { path: 'sql/staging/schema.yml', yamlPath: 'models[0].data_tests[0]' },
        },
      ],
      origin: { path: 'sql/staging/schema.yml', yamlPath: 'models[0]' },
    });

    // layer defaults < schema.yml config < {{ config() }}; tags add up.
    expect(factDeals).toMatchObject({
      schema: 'analytics',
      materialized: 'incremental',
      tags: ['fact', 'daily', 'finance'],
      uniqueKey: ['deal_id'],
      dist: 'account_id',
      sort: ['created_at'],
    });
    expect(factDeals?.tests).toEqual([
      {
        testName: 'unique_combination_of_columns',
        severity: 'error',
        args: { combination_of_columns: ['deal_id', 'account_id'] },
        origin: { path: 'sql/facts/schema.yml', yamlPath: 'models[0].tests[0]' },
      },
      {
        testName: 'expression_is_true',
        severity: 'warn',
        where: "stage = 'closed_won'",
        args: { expression: 'amount >= 0' },
        origin: { path: 'sql/facts/schema.yml', yamlPath: 'models[0].tests[1]' },
      },
    ]);
    expect(factDeals?.columns[0]?.tests.map((test) => [test.testName, test.args, test.where])).toEqual([
      ['relationships', { to: "ref('stg_crm_accounts')", field: 'account_id' }, undefined],
      ['accepted_values', { values: [1, 2], quote: false }, 'account_id is not null'],
      ['accepted_range', { min_value: 0 }, undefined],
    ]);

    expect(pipeline).toEqual({
      name: 'pipeline',
      layer: 'marts',
      path: 'sql/marts/pipeline.sql',
      rawSql: 'select 1 as one',
      schema: 'marts',
      materialized: 'table',
      tags: [],
      columns: [],
      tests: [],
    });

    expect(project.sources).toEqual([
      {
        sourceName: 'crm',
        tableName: 'accounts',
        schema: 'raw',
        columns: [
          {
            name: 'account_id',
            dataType: 'varchar',
            tests: [
              {
                testName: 'unique',
                column: 'account_id',
                severity: 'error',
                args: {},
                origin: { path: 'sql/sources.yml', yamlPath: 'sources[0].tables[0].columns[0].tests[0]' },
              },
            ],
          },
        ],
        tests: [],
        origin: { path: 'sql/sources.yml', yamlPath: 'sources[0].tables[0]' },
      },
      {
        sourceName: 'crm',
        tableName: 'deals',
        schema: 'raw',
        columns: [],
        tests: [],
        origin: { path: 'sql/sources.yml', yamlPath: 'sources[0].tables[1]' },
      },
    ]);

    expect(project.singularTests).toEqual([
      {
        name: 'assert_one',
        path: 'sql/tests/assert_one.sql',
        rawSql: 'select * from {{ ref("fact_deals") }} where false',
        severity: 'error',
      },
      {
        name: 'assert_warned',
        path: 'sql/tests/nested/assert_warned.sql',
        rawSql: `{{ config(severity='warn') }}\nselect 1 where false`,
        severity: 'warn',
      },
    ]);

    expect(project.exposures).toEqual([
      {
        name: 'sales_pipeline',
        label: 'Sales Pipeline',
        type: 'dashboard',
        description: 'Deal flow.',
        owner: { name: 'Sales Ops', email: 'ops@example.com' },
        maturity: 'high',
        url: 'https://example.com/pipeline',
        dependsOn: ["ref('fact_deals')", "source('crm', 'deals')"],
        origin: { path: 'sql/exposures.yml', yamlPath: 'exposures[0]' },
      },
    ]);
  });

  it('defaults a source schema to the source name and needs no exposures.yml', async () => {
    const root = await writeProject({
      'sql/sources.yml': 'version: 2\nsources:\n  - name: crm\n    tables:\n      - name: accounts\n',
    });
    const project = await loadProject(root);
    expect(project.sources.map((source) => source.schema)).toEqual(['crm']);
    expect(project.exposures).toEqual([]);
    expect(project.models).toEqual([]);
  });

  it('loads the repository SQL project', async () => {
    const project = await loadProject(join(import.meta.dirname, '../..'));
    expect(project.config.name).toBe('crm');
    expect(project.models.length).toBeGreaterThan(0);
  });
});

describe('YAML files', () => {
  it('reports YAML syntax errors with their line', async () => {
    expect(
      await loadErrors({
        'sql/facts/fact_x.sql': 'select 1',
        'sql/facts/schema.yml': 'version: 2\nmodels:\n  - name: fact_x\n    name: fact_y\n',
      }),
    ).toEqual(['sql/facts/schema.yml:4: invalid YAML: Map keys must be unique']);
    expect(await loadErrors({ 'sql/exposures.yml': 'version: 2\n---\nexposures: []\n' })).toEqual([
      'sql/exposures.yml:2: invalid YAML: a second YAML document (---); a file holds one',
    ]);
  });

  it('requires project.yml and sources.yml', async () => {
    expect(await loadErrors({ 'sql/project.yml': undefined, 'sql/sources.yml': undefined })).toEqual([
      'sql/project.yml: file not found',
      'sql/sources.yml: file not found',
    ]);
  });

  it('validates project.yml', async () => {
    const errors = await loadErrors({
      'sql/project.yml': `name: CRM
profile: crm
models:
  staging: { schema: staging, materialized: view }
  dimensions: { schema: analytics, materialized: tabel }
  facts: { schema: Analytics, materialized: table, tags: [''] }
`,
    });
    expect(errors).toEqual([
      `sql/project.yml: name: 'CRM' is not a lower-case SQL identifier (a-z, 0-9, _)`,
      'sql/project.yml: models.dimensions.materialized: unknown materialization \'tabel\' (one of view, table, incremental)',
      `sql/project.yml: models.facts.schema: 'Analytics' is not a lower-case SQL identifier (a-z, 0-9, _)`,
      'sql/project.yml: models.facts.tags[0]: must not be empty',
      `sql/project.yml: unknown key 'profile' (expected one of name, version, vars, models)`,
    ]);
  });

  it('lists several unknown keys of one mapping together, and checks the project version', async () => {
    expect(
      await loadErrors({
        'sql/project.yml': `${PROJECT_YML}version: [1]\nprofile: crm\nconfig-version: 2\n`,
      }),
    ).toEqual([
      'sql/project.yml: version: expected a version number',
      "sql/project.yml: unknown keys 'profile', 'config-version' (expected one of name, version, vars, models)",
    ]);
  });

  it('rejects property files of another version, empty ones and misplaced keys', async () => {
    expect(
      await loadErrors({
        'sql/facts/schema.yml': 'version: 3\nsources: []\n',
        'sql/marts/schema.yml': '',
      }),
    ).toEqual([
      'sql/facts/schema.yml: version: expected 2 (dbt property files are version 2)',
      `sql/facts/schema.yml: unknown key 'sources' (expected one of version, models, unit_tests)`,
      'sql/marts/schema.yml: expected a mapping, got nothing',
    ]);
  });
});

describe('project files', () => {
  it('names files outside the places the project reads', async () => {
    expect(
      await loadErrors({
        'sql/other/cents.sql': 'select 1',
        'sql/notes.yml': 'a: 1',
        'sql/facts/README.md': 'ignored: not SQL or YAML',
      }),
    ).toEqual([
      'sql/notes.yml: not a project file: sql/ holds project.yml, sources.yml, exposures.yml and the layer and tests folders',
      'sql/other/cents.sql: not read: models go in sql/staging, sql/dimensions, sql/facts, sql/marts (with their schema.yml), singular tests in sql/tests, macros in sql/macros (a layer is a key of models: in sql/project.yml)',
    ]);
  });

  it('takes the layers and their order from the models: keys of project.yml, each layer reading its own folder', async () => {
    const root = await writeProject({
      'sql/project.yml': `name: crm
models:
  staging: { schema: staging, materialized: view }
  semantic: { schema: semantic, materialized: view, tags: [semantic] }
  marts: { schema: marts, materialized: table }
`,
      'sql/staging/stg_crm_accounts.sql': "select * from {{ source('crm', 'accounts') }}",
      'sql/semantic/sem_accounts.sql': "select * from {{ ref('stg_crm_accounts') }}",
    });
    const project = await loadProject(root);
    expect(project.config.layers.map((layer) => layer.name)).toEqual(['staging', 'semantic', 'marts']);
    expect(project.models.find((model) => model.name === 'sem_accounts')).toMatchObject({ layer: 'semantic', schema: 'semantic', materialized: 'view', tags: ['semantic'] });
  });

  it('reads singular tests and macros as such when project.yml is broken, reporting only project.yml', async () => {
    expect(
      await loadErrors({
        'sql/project.yml': 'name: crm\nmodels: []\n',
        'sql/staging/stg_crm_accounts.sql': "select * from {{ source('crm', 'accounts') }}",
        'sql/tests/assert_nothing.sql': "select * from {{ ref('stg_crm_accounts') }} where 1 = 0",
        'sql/macros/cents.sql': '{% macro cents(x) %}{{ x }} * 100{% endmacro %}',
      }),
    ).toEqual(['sql/project.yml: models: expected a mapping, got a list']);
  });

  it('names the nearest layer of a folder that is none', async () => {
    expect(await loadErrors({ 'sql/fact/fact_deals.sql': 'select 1' })).toEqual([
      "sql/fact/fact_deals.sql: not read: models go in sql/staging, sql/dimensions, sql/facts, sql/marts (with their schema.yml), singular tests in sql/tests, macros in sql/macros; did you mean 'facts'? (a layer is a key of models: in sql/project.yml)",
    ]);
  });

  it('refuses a layer named after the tests or macros folder, and a project without layers', async () => {
    expect(await loadErrors({ 'sql/project.yml': 'name: crm\nmodels:\n  staging: { schema: staging, materialized: view }\n  macros: { schema: m, materialized: view }\n  Semantic: { schema: s, materialized: view }\n' })).toEqual([
      "sql/project.yml: models.macros: 'macros' cannot be a layer: sql/macros holds macros",
      "sql/project.yml: models.Semantic: 'Semantic' is not a layer name: a lower-case SQL identifier (a-z, 0-9, _), the name of its folder sql/<layer>/",
    ]);
    expect(await loadErrors({ 'sql/project.yml': 'name: crm\nmodels: {}\n' })).toEqual([
      'sql/project.yml: models: declares no layer: each key of models: is a layer (e.g. staging: { schema: staging, materialized: view })',
    ]);
  });

  it('reads every YAML file of a layer folder as a property file, and a model described in two of them is an error', async () => {
    expect(
      await loadErrors({
        'sql/facts/fact_x.sql': 'select 1 as x',
        'sql/facts/schema.yml': schemaYml('fact_x'),
        'sql/facts/_more.yml': `${schemaYml('fact_x')}unknown_key: 1\n`,
      }),
    ).toEqual([
      "sql/facts/_more.yml: unknown key 'unknown_key' (expected one of version, models, unit_tests)",
      "sql/facts/schema.yml: models[0]: model 'fact_x' is already described at sql/facts/_more.yml: models[0]",
    ]);
  });

  it('rejects duplicate model names, naming both files', async () => {
    expect(
      await loadErrors({ 'sql/dimensions/dup.sql': 'select 1', 'sql/facts/more/dup.sql': 'select 2' }),
    ).toEqual(["sql/facts/more/dup.sql: model name 'dup' is already used by sql/dimensions/dup.sql"]);
  });

  it('rejects file names that are not lower-case identifiers, and duplicate singular tests', async () => {
    expect(
      await loadErrors({
        'sql/facts/Fact-Deals.sql': 'select 1',
        'sql/tests/a/assert_x.sql': 'select 1',
        'sql/tests/b/assert_x.sql': 'select 1',
      }),
    ).toEqual([
      "sql/facts/Fact-Deals.sql: model name 'Fact-Deals' is not a lower-case SQL identifier (a-z, 0-9, _)",
      "sql/tests/b/assert_x.sql: singular test name 'assert_x' is already used by sql/tests/a/assert_x.sql",
    ]);
  });
});

describe('schema.yml models', () => {
  it('reports an unknown test at its YAML path', async () => {
    expect(
      await loadErrors({
        'sql/facts/fact_a.sql': 'select 1',
        'sql/facts/fact_b.sql': 'select 1',
        'sql/facts/fact_c.sql': 'select 1',
        'sql/facts/schema.yml': `version: 2
models:
  - name: fact_a
  - name: fact_b
  - name: fact_c
    columns:
      - name: id
        tests: [not_null, uniq, {is_positive: {}}]
`,
      }),
    ).toEqual([
      "sql/facts/schema.yml: models[2].columns[0].tests[1]: unknown test 'uniq'; did you mean 'unique'?",
      "sql/facts/schema.yml: models[2].columns[0].tests[2]: unknown test 'is_positive'",
    ]);
  });

  it('reports an entry without a SQL file and a model described twice', async () => {
    expect(
      await loadErrors({
        'sql/facts/fact_a.sql': 'select 1',
        'sql/facts/schema.yml': schemaYml('fact_a', 'fact_b', 'fact_c', 'fact_x'),
        'sql/marts/schema.yml': schemaYml('fact_a'),
      }),
    ).toEqual([
      "sql/facts/schema.yml: models[1]: model 'fact_b' has no SQL file; did you mean 'fact_a'?",
      "sql/facts/schema.yml: models[2]: model 'fact_c' has no SQL file; did you mean 'fact_a'?",
      "sql/facts/schema.yml: models[3]: model 'fact_x' has no SQL file; did you mean 'fact_a'?",
      "sql/marts/schema.yml: models[0]: model 'fact_a' is already described at sql/facts/schema.yml: models[0]",
    ]);
  });

  it('reports unknown keys, materializations, bad types and duplicate columns', async () => {
    expect(
      await loadErrors({
        'sql/facts/fact_a.sql': 'select 1',
        'sql/facts/schema.yml': `version: 2
models:
  - name: fact_a
    descripton: typo
    meta: { grain: 7 }
    config: { materialized: ephemeral, partition_by: day, unique_key: [id, 3] }
    columns:
      - { name: id, tests: [unique], quote: true }
      - name: ID
      - columns
`,
      }),
    ).toEqual([
      'sql/facts/schema.yml: models[0].meta.grain: expected a string, got 7',
      "sql/facts/schema.yml: models[0].config.materialized: unknown materialization 'ephemeral' (one of view, table, incremental)",
      'sql/facts/schema.yml: models[0].config.unique_key: expected a column name or a list of them',
      "sql/facts/schema.yml: models[0].config: unknown config key 'partition_by' (expected one of materialized, tags, unique_key, dist, sort, grants, incremental_strategy, on_schema_change, post_hook, contract)",
      "sql/facts/schema.yml: models[0].columns[0]: unknown key 'quote' (expected one of name, description, data_type, meta, tests, data_tests)",
      "sql/facts/schema.yml: models[0].columns[2]: expected a mapping, got 'columns'",
      "sql/facts/schema.yml: models[0]: unknown key 'descripton'; did you mean 'description'?",
      "sql/facts/schema.yml: models[0].columns[1]: column 'ID' is already declared at models[0].columns[0]",
    ]);
  });

  it("takes grants from the layer, replaced by the model's schema.yml config, as dbt does", async () => {
    const root = await writeProject({
      'sql/project.yml': PROJECT_YML.replace('marts: { schema: marts, materialized: table }', 'marts: { schema: marts, materialized: table, grants: { select: [role:bi_readers] } }'),
      'sql/marts/mart_a.sql': 'select 1 as one',
      'sql/marts/mart_b.sql': 'select 1 as one',
      'sql/marts/mart_c.sql': 'select 1 as one',
      'sql/marts/schema.yml': `version: 2
models:
  - name: mart_b
    config: { grants: { select: analyst } }
  - name: mart_c
    config: { grants: { select: ['group:finance', 'group:finance'] } }
`,
    });
    const project = await loadProject(root);
    const grants = (name: string) => project.models.find((model) => model.name === name)?.grants;
    expect(grants('mart_a')).toEqual({ select: ['role:bi_readers'] });
    expect(grants('mart_b')).toEqual({ select: ['analyst'] });
    expect(grants('mart_c')).toEqual({ select: ['group:finance'] });
  });

  it('reports a privilege other than select and a grantee that cannot be quoted', async () => {
    expect(
      await loadErrors({
        'sql/facts/fact_a.sql': 'select 1',
        'sql/facts/schema.yml': `version: 2
models:
  - name: fact_a
    config: { grants: { select: ['bi"readers'], insert: [etl] } }
`,
      }),
    ).toEqual([
      `sql/facts/schema.yml: models[0].config.grants.select[0]: 'bi"readers' is not a grantee (a user, role:<name> or group:<name>, without double quotes)`,
      "sql/facts/schema.yml: models[0].config.grants: unknown privilege (only select is granted) 'insert' (expected one of select)",
    ]);
  });

  it("reports a missing name and a model with both 'tests' and 'data_tests'", async () => {
    expect(
      await loadErrors({
        'sql/facts/fact_a.sql': 'select 1',
        'sql/facts/schema.yml': `version: 2
models:
  - description: no name
  - name: fact_a
    tests: [not_empty]
    data_tests: [not_empty]
`,
      }),
    ).toEqual([
      "sql/facts/schema.yml: models[0]: missing 'name'",
      "sql/facts/schema.yml: models[1]: use either 'tests' or 'data_tests', not both",
    ]);
  });
});

describe('generic tests', () => {
  /** The load errors of one column test list on model fact_a (YAML flow or block text, indented 8). */
  async function columnTestErrors(tests: string): Promise<string[]> {
    return loadErrors({
      'sql/facts/fact_a.sql': 'select 1',
      'sql/dimensions/dim_accounts.sql': 'select 1',
      'sql/facts/schema.yml': `version: 2
models:
  - name: fact_a
    columns:
      - name: id
        tests:
${tests}`,
    });
  }

  const P = 'sql/facts/schema.yml: models[0].columns[0].tests[0]';

  const cases: [string, string, string[]][] = [
    ['an argument where none is taken', '          - not_null: { column: x }', [`${P}.not_null: unknown argument 'column' (it takes none)`]],
    [
      'a misspelled argument',
      '          - accepted_values: { value: [a] }',
      [`${P}.accepted_values: missing 'values'`, `${P}.accepted_values: unknown argument 'value'; did you mean 'values'?`],
    ],
    ['an empty values list', '          - accepted_values: { values: [] }', [`${P}.accepted_values.values: must list at least one value`]],
    [
      'a values list under arguments with a bad item',
      '          - accepted_values: { arguments: { values: [a, [b]] } }',
      [`${P}.accepted_values.arguments.values[1]: expected a string, number or boolean`],
    ],
    [
      'a relationships to that is not ref() or source()',
      '          - relationships: { to: dim_accounts, field: id }',
      [`${P}.relationships.to: must be ref('model') or source('source', 'table'), got 'dim_accounts'`],
    ],
    [
      'a relationships to an unknown model',
      `          - relationships: { to: "ref('dim_acounts')", field: id }`,
      [`${P}: relationships to: unknown model 'dim_acounts' in ref('dim_acounts'); did you mean 'dim_accounts'?`],
    ],
    [
      'a relationships to an unknown source',
      `          - relationships: { to: "source('crm', 'users')", field: id }`,
      [`${P}: relationships to: unknown source 'crm.users' in source('crm', 'users')`],
    ],
    ['a relationships without field', `          - relationships: { to: "ref('dim_accounts')" }`, [`${P}.relationships: missing 'field'`]],
    ['an accepted_range without bounds', '          - accepted_range: { inclusive: false }', [`${P}.accepted_range: needs min_value, max_value or both`]],
    [
      'an accepted_range with a bad bound',
      '          - accepted_range: { min_value: [0] }',
      [`${P}.accepted_range.min_value: expected a number or a SQL expression`],
    ],
    ['an expression_is_true without expression', '          - expression_is_true', [`${P}.expression_is_true: missing 'expression'`]],
    [
      'a model-level test on a column',
      '          - not_empty',
      [`${P}: not_empty tests the whole model: declare it under the model's tests, not under column 'id'`],
    ],
    [
      'an unknown test config key',
      '          - unique: { config: { fail_calc: sum_n } }',
      [`${P}.unique.config: unknown test config key 'fail_calc' (expected one of severity, where, warn_if, error_if, limit, store_failures)`],
    ],
    [
      'an unknown severity',
      '          - unique: { config: { severity: fatal } }',
      [`${P}.unique.config.severity: unknown severity 'fatal' (one of error, warn)`],
    ],
    ['an empty where', `          - unique: { where: '' }`, [`${P}.unique.where: must not be empty`]],
    [
      'severity given twice',
      '          - unique: { severity: warn, config: { severity: error } }',
      [`${P}.unique.severity: 'severity' is also given under config; keep one`],
    ],
    [
      'an argument given twice',
      '          - accepted_values: { values: [a], arguments: { values: [b] } }',
      [`${P}.accepted_values.values: argument 'values' is also given under arguments; keep one`],
    ],
    ['arguments that are not a mapping', '          - accepted_values: { arguments: [a] }', [`${P}.accepted_values.arguments: expected a mapping, got a list`]],
    ['a test body that is not a mapping', '          - unique: yes', [`${P}.unique: expected a mapping of arguments, got 'yes'`]],
    [
      'an entry with two test names',
      '          - { unique: {}, not_null: {} }',
      [`${P}: expected a test name, or one test name mapped to its arguments; got keys 'unique', 'not_null'`],
    ],
    ['an entry that is a number', '          - 42', [`${P}: expected a test name, or one test name mapped to its arguments; got 42`]],
  ];
  it.each(cases)('reports %s', async (_what, tests, messages) => {
    expect(await columnTestErrors(`${tests}\n`)).toEqual(messages);
  });

  it('reports a column test declared on the model and a tests key that is not a list', async () => {
    expect(
      await loadErrors({
        'sql/facts/fact_a.sql': 'select 1',
        'sql/facts/schema.yml': `version: 2
models:
  - name: fact_a
    tests: [unique, {unique_combination_of_columns: {combination_of_columns: []}}]
    columns:
      - name: id
        tests: unique
`,
      }),
    ).toEqual([
      "sql/facts/schema.yml: models[0].columns[0].tests: expected a list, got 'unique'",
      "sql/facts/schema.yml: models[0].tests[0]: unique tests a column: declare it under the column's tests",
      'sql/facts/schema.yml: models[0].tests[1].unique_combination_of_columns.combination_of_columns: must list at least one column',
    ]);
  });
});

describe('SQL files', () => {
  it('reports template errors, unknown refs and sources with file and line', async () => {
    expect(
      await loadErrors({
        'sql/facts/fact_a.sql': 'select\n{{ foo(1) }}',
        'sql/facts/fact_b.sql': `select *\nfrom {{ ref('fact_c') }}\njoin {{ source('crm', 'acounts') }}`,
        'sql/tests/assert_a.sql': `select * from {{ ref('fact_bb') }}`,
      }),
    ).toEqual([
      "sql/facts/fact_a.sql:2: unsupported template construct '{{ foo(1) }}'",
      "sql/facts/fact_b.sql:2: unknown model 'fact_c' in ref('fact_c'); did you mean 'fact_a'?",
      "sql/facts/fact_b.sql:3: unknown source 'crm.acounts' in source('crm', 'acounts'); did you mean 'crm.accounts'?",
      "sql/tests/assert_a.sql:1: unknown model 'fact_bb' in ref('fact_bb'); did you mean 'fact_b'?",
    ]);
  });

  it('validates {{ config() }} in models and singular tests', async () => {
    expect(
      await loadErrors({
        'sql/facts/fact_a.sql': `{{ config(materialized='tabel') }}\n{{ config(materialised='view', sort=[1]) }}\nselect 1`,
        'sql/tests/assert_a.sql': `\n{{ config(severity='fatal', tags=['x']) }}`,
      }),
    ).toEqual([
      "sql/facts/fact_a.sql:1: config materialized: unknown materialization 'tabel' (one of view, table, incremental)",
      "sql/facts/fact_a.sql:2: unknown config 'materialised' in config(); did you mean 'materialized'?",
      'sql/facts/fact_a.sql:2: config sort: expected a column name or a list of them',
      "sql/tests/assert_a.sql:2: config severity: unknown severity 'fatal' (one of error, warn)",
      "sql/tests/assert_a.sql:2: unknown config 'tags' in config() (expected one of severity, warn_if, error_if, limit, store_failures)",
    ]);
  });
});

describe('sources.yml and exposures.yml', () => {
  it('reports duplicate source tables and source errors', async () => {
    expect(
      await loadErrors({
        'sql/sources.yml': `version: 2
sources:
  - name: crm
    tables:
      - name: accounts
      - name: accounts
        columns: [{ name: id, tests: [uniqe] }]
  - name: erp
    loader: fivetran
    tables:
      - name: Invoices
`,
      }),
    ).toEqual([
      "sql/sources.yml: sources[0].tables[1]: source table 'crm.accounts' is already declared at sources[0].tables[0]",
      "sql/sources.yml: sources[1].tables[0].name: 'Invoices' is not a lower-case SQL identifier (a-z, 0-9, _)",
      "sql/sources.yml: sources[1]: unknown key 'loader' (expected one of name, description, schema, meta, loaded_at_field, freshness, tables)",
    ]);
  });

  it('validates exposures and what they depend on', async () => {
    expect(
      await loadErrors({
        'sql/facts/fact_deals.sql': 'select 1',
        'sql/exposures.yml': `version: 2
exposures:
  - name: pipeline
    type: dashboard
    depends_on: ["ref('fact_deal')", fact_deals, "source('crm', 'users')"]
    owner: { name: Sales Ops }
  - name: pipeline
    type: report
    owner: {}
  - name: pipeline
    type: dashboard
    owner: { name: x }
  - name: has space
    type: ml
  - name: forecast
    type: notebook
    maturity: beta
    owner: { email: a@example.com }
`,
      }),
    ).toEqual([
      "sql/exposures.yml: exposures[1].type: unknown exposure type 'report' (one of dashboard, notebook, analysis, ml, application)",
      "sql/exposures.yml: exposures[3].name: 'has space' is not a valid exposure name (letters, digits, _)",
      "sql/exposures.yml: exposures[3]: missing 'owner'",
      "sql/exposures.yml: exposures[4].maturity: unknown maturity 'beta' (one of high, medium, low)",
      'sql/exposures.yml: exposures[2]: exposure \'pipeline\' is already declared at exposures[0]',
      "sql/exposures.yml: exposures[0].depends_on[0]: unknown model 'fact_deal' in ref('fact_deal'); did you mean 'fact_deals'?",
      "sql/exposures.yml: exposures[0].depends_on[1]: expected ref('model') or source('source', 'table'), got 'fact_deals'",
      "sql/exposures.yml: exposures[0].depends_on[2]: unknown source 'crm.users' in source('crm', 'users')",
    ]);
  });
});

describe('collecting problems', () => {
  it('reports the problems of every file at once', async () => {
    const root = await writeProject({
      'sql/facts/fact_a.sql': '{% for x in y %}',
      'sql/facts/schema.yml': schemaYml('fact_b'),
      'sql/exposures.yml': 'version: 2\nexposures: 3\n',
    });
    const failure = await loadProject(root).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProjectErrors);
    expect((failure as ProjectErrors).message).toBe(
      [
        "sql/facts/fact_a.sql:1: unsupported template construct '{% for x in y %}'",
        "sql/facts/schema.yml: models[0]: model 'fact_b' has no SQL file; did you mean 'fact_a'?",
        'sql/exposures.yml: exposures: expected a list, got 3',
      ].join('\n'),
    );
  });
});
