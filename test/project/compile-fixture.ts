/** A small hand-built project for compiler tests: two sources, five models, tests of every kind. */
import type { Layer, Materialization } from '../../lib/plan/plan.ts';
import type { ColumnSpec, GenericTestName, GenericTestSpec, ModelSpec, Project, ProjectLayer, SourceTableSpec } from '../../lib/project/project.ts';

const LAYERS: ProjectLayer[] = [
  { name: 'staging', schema: 'staging', materialized: 'view', tags: ['staging'] },
  { name: 'dimensions', schema: 'analytics', materialized: 'table', tags: ['dimension'] },
  { name: 'facts', schema: 'analytics', materialized: 'table', tags: ['fact'] },
  { name: 'marts', schema: 'marts', materialized: 'table', tags: ['mart'] },
];

export function genericTest(
  testName: GenericTestName,
  column: string | undefined,
  args: Record<string, unknown> = {},
  extra: { where?: string; severity?: 'error' | 'warn'; path?: string; yamlPath?: string } = {},
): GenericTestSpec {
  return {
    testName,
    column,
    severity: extra.severity ?? 'error',
    where: extra.where,
    args,
    origin: { path: extra.path ?? 'sql/schema.yml', yamlPath: extra.yamlPath ?? `${testName}.${column ?? 'model'}` },
  };
}

export function column(name: string, tests: GenericTestSpec[] = [], dataType?: string): ColumnSpec {
  return { name, description: `The ${name}.`, dataType, tests };
}

export function model(
  name: string,
  layer: Layer,
  rawSql: string,
  extra: { materialized?: Materialization; columns?: ColumnSpec[]; tests?: GenericTestSpec[]; uniqueKey?: string[] } = {},
): ModelSpec {
  return {
    name,
    layer,
    path: `sql/${layer}/${name}.sql`,
    rawSql,
    description: `Model ${name}.`,
    schema: LAYERS.find((each) => each.name === layer)?.schema ?? layer,
    materialized: extra.materialized ?? (layer === 'staging' ? 'view' : 'table'),
    tags: [layer],
    uniqueKey: extra.uniqueKey,
    columns: extra.columns ?? [],
    tests: extra.tests ?? [],
  };
}

function source(tableName: string, columns: ColumnSpec[]): SourceTableSpec {
  return { sourceName: 'crm', tableName, schema: 'raw', columns, tests: [], origin: { path: 'sql/sources.yml', yamlPath: `sources[0].tables.${tableName}` } };
}

export function fixtureProject(): Project {
  return {
    root: '/project',
    config: {
      name: 'crm',
      vars: { run_date: '2026-11-24', min_amount: 0 },
      layers: LAYERS,
    },
    sources: [
      source('accounts', [column('account_id', [genericTest('unique', 'account_id'), genericTest('not_null', 'account_id')], 'varchar'), column('manager_id', [], 'varchar')]),
      source('deals', [column('deal_id', [], 'varchar'), column('account_id', [], 'varchar'), column('stage', [], 'varchar'), column('amount', [], 'decimal(18,2)'), column('updated_at', [], 'timestamp')]),
    ],
    models: [
      model('fact_deals', 'facts', "select deal_id, account_id, stage, amount, updated_at\nfrom {{ ref('stg_crm_deals') }}\n{% if is_incremental() %}where updated_at > (select max(updated_at) from {{ this }}){% endif %}\n", {
        materialized: 'incremental',
        uniqueKey: ['deal_id'],
        columns: [
          column('deal_id', [genericTest('unique', 'deal_id')]),
          column('account_id', [
            genericTest('relationships', 'account_id', { to: "ref('dim_accounts')", field: 'account_id' }, { where: "stage <> 'closed_lost'" }),
            genericTest('not_null', 'account_id'),
            genericTest('not_null', 'account_id', {}, { where: "stage = 'closed_won'", severity: 'warn' }),
          ]),
          column('amount', [genericTest('accepted_range', 'amount', { min_value: "{{ var('min_amount') }}" })]),
        ],
        tests: [genericTest('not_empty', undefined)],
      }),
      model('stg_crm_deals', 'staging', "select * from {{ source('crm', 'deals') }}\nwhere updated_at <= cast('{{ var(\"run_date\") }}' as timestamp)\n"),
      model('dim_accounts', 'dimensions', "select account_id, manager_id from {{ ref('stg_crm_accounts') }}", {
        columns: [column('account_id', [genericTest('unique', 'account_id'), genericTest('not_null', 'account_id')]), column('manager_id', [genericTest('relationships', 'manager_id', { to: "ref('dim_accounts')", field: 'account_id' })])],
      }),
      model('stg_crm_accounts', 'staging', "select account_id, manager_id from {{ source('crm', 'accounts') }}"),
      model('mart_pipeline', 'marts', "select stage, count(*) as deal_count from {{ ref('fact_deals') }} group by stage"),
    ],
    singularTests: [
      {
        name: 'assert_deals_have_accounts',
        path: 'sql/tests/assert_deals_have_accounts.sql',
        rawSql: "select deals.deal_id\nfrom {{ ref('fact_deals') }} deals\nleft join {{ ref('dim_accounts') }} accounts on deals.account_id = accounts.account_id\nwhere accounts.account_id is null\n",
        severity: 'warn',
      },
      {
        name: 'assert_accounts_landed',
        path: 'sql/tests/assert_accounts_landed.sql',
        rawSql: "select count(*) as row_count from {{ source('crm', 'accounts') }} having count(*) = 0",
        severity: 'error',
      },
    ],
    exposures: [
      {
        name: 'sales_pipeline',
        label: 'Sales Pipeline Dashboard',
        type: 'dashboard',
        owner: { name: 'Sales Ops', email: 'sales-ops@example.com' },
        maturity: 'high',
        url: 'https://dashboards.example.com/sales-pipeline',
        dependsOn: ["ref('mart_pipeline')", "source('crm', 'deals')", "ref('fact_deals')"],
        origin: { path: 'sql/exposures.yml', yamlPath: 'exposures[0]' },
      },
    ],
  };
}
