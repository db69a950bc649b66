import { describe, expect, it } from 'vitest';
import { formatFinding } from '../../lib/lint/format-findings.ts';
import { lintPlan } from '../../lib/lint/lint-plan.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import type { Project } from '../../lib/project/project.ts';
import { column, genericTest, model } from '../project/compile-fixture.ts';

const FACT_DEALS = [
  "{{ config(materialized='incremental') }}",
  '',
  'select',
  '    deal_id,',
  '    count(*) filter (where is_won) as won_changes',
  "from {{ ref('stg_deals') }}",
  '{% if is_incremental() %}',
  'where updated_at > (select max(updated_at) from {{ this }}) and updated_at < now()',
  '{% endif %}',
  'group by deal_id',
].join('\n');

const FACTS_SCHEMA = ['version: 2', 'models:', '  - name: fact_deals', '    tests:', '      - expression_is_true:', "          expression: 'won_changes::int >= 0'"].join('\n');

const SINGULAR = "-- Deals must have an owner.\nselect deal_id\nfrom {{ ref('fact_deals') }}\nwhere getdate() is not null\n";

const FILES = new Map([
  ['sql/facts/fact_deals.sql', FACT_DEALS],
  ['sql/facts/schema.yml', FACTS_SCHEMA],
  ['sql/tests/assert_deals_have_owners.sql', SINGULAR],
]);

function project(): Project {
  const staging = model('stg_deals', 'staging', 'select deal_id, is_won, updated_at from analytics_input.deals');
  const facts = model('fact_deals', 'facts', FACT_DEALS, {
    materialized: 'incremental',
    uniqueKey: ['deal_id'],
    columns: [column('deal_id')],
    tests: [genericTest('expression_is_true', undefined, { expression: 'won_changes::int >= 0' }, { path: 'sql/facts/schema.yml', yamlPath: 'models[0].tests[0]' })],
  });
  return {
    root: '/project',
    config: {
      name: 'crm',
      vars: { run_date: '2026-11-24' },
      layers: [
        { name: 'staging', schema: 'staging', materialized: 'view', tags: ['staging'] },
        { name: 'dimensions', schema: 'analytics', materialized: 'table', tags: ['dimension'] },
        { name: 'facts', schema: 'analytics', materialized: 'table', tags: ['fact'] },
        { name: 'marts', schema: 'marts', materialized: 'table', tags: ['mart'] },
      ],
    },
    sources: [],
    models: [staging, facts],
    singularTests: [{ name: 'assert_deals_have_owners', path: 'sql/tests/assert_deals_have_owners.sql', rawSql: SINGULAR, severity: 'error' }],
    exposures: [],
  };
}

const redshiftPlan = (): Plan => compileProject(project(), { target: 'redshift' });

describe('lintPlan', () => {
  it('places model, singular-test and generic-test findings in the files people edit', () => {
    expect(lintPlan(redshiftPlan(), { readSource: (path) => FILES.get(path) }).map(formatFinding)).toEqual([
      'sql/facts/fact_deals.sql:5: redshift/no-filter-clause: FILTER (WHERE …) is not supported by Redshift; use CASE inside the aggregate',
      `sql/facts/fact_deals.sql:8: portable/no-clock: NOW() reads the clock, so a rerun of the same day gives a different result; use the run date, '{{ var("run_date") }}'`,
      'sql/facts/schema.yml:5: portable/no-double-colon-cast: ::int is PostgreSQL shorthand; write CAST(… AS int), the one cast form the project uses on every engine',
      `sql/tests/assert_deals_have_owners.sql:4: portable/no-clock: GETDATE() reads the clock, so a rerun of the same day gives a different result; use the run date, '{{ var("run_date") }}'`,
    ]);
  });

  it('names the plan node of each finding and lints the incremental SQL as well, reporting a shared line once', () => {
    const findings = lintPlan(redshiftPlan(), { readSource: (path) => FILES.get(path) });
    expect(findings.map((finding) => `${finding.node} ${finding.rule}`)).toEqual([
      'model.crm.fact_deals redshift/no-filter-clause',
      'model.crm.fact_deals portable/no-clock',
      'test.crm.expression_is_true_fact_deals_won_changes_int_0 portable/no-double-colon-cast',
      'test.crm.assert_deals_have_owners portable/no-clock',
    ]);
  });

  it('without the sources, keeps compiled lines for SQL files and line 1 for YAML entries', () => {
    expect(lintPlan(redshiftPlan()).map((finding) => `${finding.path}:${finding.line}`)).toEqual([
      'sql/facts/fact_deals.sql:3',
      'sql/facts/fact_deals.sql:6',
      'sql/facts/schema.yml:1',
      'sql/tests/assert_deals_have_owners.sql:4',
    ]);
  });

  it('lints unit tests at their YAML entry', () => {
    const plan: Plan = {
      ...redshiftPlan(),
      unitTests: [
        {
          id: 'unit_test.crm.fact_deals_counts_won_changes',
          name: 'fact_deals_counts_won_changes',
          model: 'model.crm.fact_deals',
          given: ['model.crm.stg_deals'],
          path: 'sql/facts/schema.yml',
          yamlPath: 'models[0].tests[0]',
          sql: "with stg_deals as (select cast('1' as text) as deal_id)\nselect deal_id from stg_deals",
          expected: { columns: ['deal_id'], rows: [{ deal_id: '1' }] },
        },
      ],
    };
    expect(lintPlan(plan, { readSource: (path) => FILES.get(path) }).filter((finding) => finding.node.startsWith('unit_test.')).map(formatFinding)).toEqual([
      'sql/facts/schema.yml:5: redshift/string-length: text is VARCHAR(256) in Redshift, which rejects longer values, but unbounded in PostgreSQL and DuckDB; cast to VARCHAR(n) with the length the column needs',
    ]);
  });

  it('refuses a plan compiled for another engine, whose macros render other SQL', () => {
    expect(() => lintPlan(compileProject(project(), { target: 'duckdb' }))).toThrow(
      "lintPlan checks the SQL Redshift runs: compile the plan with target 'redshift' (this one is for 'duckdb')",
    );
  });
});
