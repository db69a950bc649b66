/**
 * A small hand-written plan for the docs tests: one source, a staging view, a fact, a mart with
 * a name that needs HTML escaping in its description, one exposure, generic and singular tests.
 */
import type { Plan, PlanModel, PlanTest } from '../../lib/plan/plan.ts';

function model(fields: Partial<PlanModel> & Pick<PlanModel, 'name' | 'layer' | 'sql'>): PlanModel {
  const schema = fields.layer === 'staging' || fields.layer === 'marts' ? fields.layer : 'analytics';
  return {
    id: `model.crm.${fields.name}`,
    path: `sql/${fields.layer}/${fields.name}.sql`,
    relation: { schema, name: fields.name },
    config: { materialized: fields.layer === 'staging' ? 'view' : 'table', tags: [fields.layer] },
    columns: [],
    dependsOn: { models: [], sources: [] },
    checksum: '0'.repeat(64),
    ...fields,
  };
}

function test(fields: Partial<PlanTest> & Pick<PlanTest, 'name' | 'testName' | 'attachedTo'>): PlanTest {
  return {
    id: `test.crm.${fields.name}`,
    kind: 'generic',
    severity: 'error',
    dependsOn: { models: [fields.attachedTo], sources: [] },
    path: 'sql/staging/schema.yml',
    sql: 'select 1',
    ...fields,
  };
}

export function docsPlan(): Plan {
  return {
    planVersion: 1,
    layers: [{ name: 'staging', schema: 'staging' }, { name: 'dimensions', schema: 'analytics' }, { name: 'facts', schema: 'analytics' }, { name: 'marts', schema: 'marts' }],
    project: 'crm',
    target: 'duckdb',
    vars: { run_date: '2026-11-24' },
    sources: [
      {
        id: 'source.crm.deals',
        sourceName: 'crm',
        tableName: 'deals',
        relation: { schema: 'raw', name: 'deals' },
        description: 'Deals as the CRM exports them.',
        columns: [
          { name: 'deal_id', dataType: 'varchar', description: 'Id of the deal.' },
          { name: 'stage', dataType: 'varchar' },
          { name: 'amount', dataType: 'decimal(18,2)' },
          { name: 'updated_at', dataType: 'timestamp' },
        ],
      },
    ],
    models: [
      model({
        name: 'stg_crm_deals',
        layer: 'staging',
        description: 'Latest version of each deal.',
        grain: 'one row per deal',
        columns: [
          { name: 'deal_id', description: 'Primary key.', dataType: 'varchar' },
          { name: 'stage', description: 'Stage, lower-cased.' },
          { name: 'amount' },
        ],
        dependsOn: { models: [], sources: ['source.crm.deals'] },
        sql: `with source as (
    select *, row_number() over (partition by deal_id order by updated_at desc, _ingest_date desc) as version_rank
    from raw.deals
)
select deal_id, lower(stage) as stage, amount from source where version_rank = 1`,
      }),
      model({
        name: 'fact_deals',
        layer: 'facts',
        description: 'Deals with their weighted amount.',
        grain: 'one row per deal',
        columns: [
          { name: 'deal_id', description: 'Primary key.' },
          { name: 'weighted_amount', description: 'amount x 0.5' },
        ],
        dependsOn: { models: ['model.crm.stg_crm_deals'], sources: [] },
        sql: `with deals as (select * from staging.stg_crm_deals)
select deals.deal_id, deals.amount * 0.5 as weighted_amount, deals.stage from deals`,
      }),
      model({
        name: 'mart_pipeline',
        layer: 'marts',
        description: 'Pipeline <b>by stage</b> & "weighted" <script>alert(1)</script>',
        grain: 'one row per stage',
        config: { materialized: 'table', tags: ['marts', 'sales'] },
        columns: [
          { name: 'stage', description: 'Funnel stage.' },
          { name: 'weighted_pipeline_amount', description: 'Sum of weighted_amount.' },
          { name: 'documented_only', description: 'Declared in schema.yml but not in the SQL.' },
        ],
        dependsOn: { models: ['model.crm.fact_deals'], sources: [] },
        sql: 'select stage, sum(weighted_amount) as weighted_pipeline_amount, count(*) as deal_count from analytics.fact_deals group by stage',
      }),
    ],
    tests: [
      test({ name: 'unique_stg_crm_deals_deal_id', testName: 'unique', attachedTo: 'model.crm.stg_crm_deals', column: 'deal_id' }),
      test({ name: 'not_null_stg_crm_deals_deal_id', testName: 'not_null', attachedTo: 'model.crm.stg_crm_deals', column: 'deal_id' }),
      test({ name: 'not_empty_mart_pipeline', testName: 'not_empty', attachedTo: 'model.crm.mart_pipeline', severity: 'warn' }),
      test({
        name: 'assert_pipeline_matches_facts',
        kind: 'singular',
        testName: 'assert_pipeline_matches_facts',
        attachedTo: 'model.crm.mart_pipeline',
        dependsOn: { models: ['model.crm.mart_pipeline', 'model.crm.fact_deals'], sources: [] },
        path: 'sql/tests/assert_pipeline_matches_facts.sql',
      }),
      test({
        name: 'source_not_null_crm_deals_deal_id',
        testName: 'not_null',
        attachedTo: 'source.crm.deals',
        column: 'deal_id',
        severity: 'warn',
        dependsOn: { models: [], sources: ['source.crm.deals'] },
      }),
    ],
    exposures: [
      {
        id: 'exposure.crm.sales_pipeline_dashboard',
        name: 'sales_pipeline_dashboard',
        label: 'Sales Pipeline Dashboard',
        type: 'dashboard',
        description: 'Pipeline value & conversion.',
        owner: { name: 'Sales Operations', email: 'sales-ops@example.com' },
        maturity: 'high',
        dependsOn: { models: ['model.crm.mart_pipeline'], sources: [] },
      },
    ],
  };
}
