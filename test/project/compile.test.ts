import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Plan, PlanTest } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectErrors } from '../../lib/project/errors.ts';
import type { Project } from '../../lib/project/project.ts';
import { fixtureProject, genericTest, model } from './compile-fixture.ts';

function compile(project: Project = fixtureProject(), vars?: Record<string, unknown>): Plan {
  return compileProject(project, { target: 'duckdb', vars });
}

function testNamed(plan: Plan, name: string): PlanTest {
  const test = plan.tests.find((candidate) => candidate.name === name);
  if (test === undefined) throw new Error(`no test ${name} in ${plan.tests.map((t) => t.name).join(', ')}`);
  return test;
}

function compileErrors(project: Project): string[] {
  try {
    compile(project);
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectErrors);
    return (error as ProjectErrors).errors.map((e) => e.message);
  }
  throw new Error('expected ProjectErrors');
}

describe('compileProject: models', () => {
  const plan = compile();

  it('orders models dependencies first, generation by generation, by name within one', () => {
    expect(plan.models.map((m) => m.name)).toEqual(['stg_crm_accounts', 'stg_crm_deals', 'dim_accounts', 'fact_deals', 'mart_pipeline']);
  });

  it('gives each model its relation, dependencies, config and checksum', () => {
    const fact = plan.models.find((m) => m.name === 'fact_deals');
    expect(fact).toMatchObject({
      id: 'model.crm.fact_deals',
      path: 'sql/facts/fact_deals.sql',
      layer: 'facts',
      relation: { schema: 'analytics', name: 'fact_deals' },
      config: { materialized: 'incremental', tags: ['facts'], uniqueKey: ['deal_id'] },
      dependsOn: { models: ['model.crm.stg_crm_deals'], sources: [] },
      checksum: createHash('sha256').update(fixtureProject().models[0]?.rawSql ?? '').digest('hex'),
    });
    expect(fact?.columns.map((c) => c.name)).toEqual(['deal_id', 'account_id', 'amount']);
    expect(plan.models.find((m) => m.name === 'stg_crm_deals')?.dependsOn).toEqual({ models: [], sources: ['source.crm.deals'] });
  });

  it('renders the full build with is_incremental() false and the increment with it true', () => {
    const fact = plan.models.find((m) => m.name === 'fact_deals');
    expect(fact?.sql).toBe('select deal_id, account_id, stage, amount, updated_at\nfrom staging.stg_crm_deals');
    expect(fact?.incrementalSql).toBe(
      'select deal_id, account_id, stage, amount, updated_at\nfrom staging.stg_crm_deals\nwhere updated_at > (select max(updated_at) from analytics.fact_deals)',
    );
    expect(plan.models.find((m) => m.name === 'dim_accounts')?.incrementalSql).toBeUndefined();
  });

  it('renders vars: project defaults overlaid with the options, recorded in the plan in key order', () => {
    const overridden = compile(fixtureProject(), { run_date: '2026-12-01', min_amount: 5 });
    expect(overridden.vars).toEqual({ min_amount: 5, run_date: '2026-12-01' });
    expect(Object.keys(overridden.vars)).toEqual(['min_amount', 'run_date']);
    expect(overridden.models.find((m) => m.name === 'stg_crm_deals')?.sql).toContain("cast('2026-12-01' as timestamp)");
    expect(plan.models.find((m) => m.name === 'stg_crm_deals')?.sql).toContain("cast('2026-11-24' as timestamp)");
  });

  it('refuses a var the project does not declare, with the closest declared one suggested', () => {
    expect(() => compile(fixtureProject(), { run_dat: '2026-12-01', extra: 'x' })).toThrow(
      "--vars: unknown var 'run_dat'; did you mean 'run_date'? (vars are declared under vars: in sql/project.yml)\n" +
        "--vars: unknown var 'extra' (vars are declared under vars: in sql/project.yml)",
    );
  });

  it('refuses a run_date that is not a calendar date, from the options or from project.yml', () => {
    expect(() => compile(fixtureProject(), { run_date: '2026-13-45' })).toThrow("--vars: run_date '2026-13-45' is not a calendar date");
    expect(() => compile(fixtureProject(), { run_date: '2026-02-30' })).toThrow("--vars: run_date '2026-02-30' is not a calendar date");
    expect(() => compile(fixtureProject(), { run_date: 20261201 })).toThrow('--vars: run_date 20261201 is not a date written YYYY-MM-DD');
    const project = fixtureProject();
    const undated = { ...project, config: { ...project.config, vars: { ...project.config.vars, run_date: 'today' } } };
    expect(() => compile(undated, {})).toThrow(`sql/project.yml: vars.run_date: run_date "today" is not a date written YYYY-MM-DD`);
  });

  it('lists the sources with their columns and relations', () => {
    expect(plan.sources.map((s) => [s.id, `${s.relation.schema}.${s.relation.name}`])).toEqual([
      ['source.crm.accounts', 'raw.accounts'],
      ['source.crm.deals', 'raw.deals'],
    ]);
    expect(plan.sources[1]?.columns[3]).toEqual({ name: 'amount', description: 'The amount.', dataType: 'decimal(18,2)' });
  });

  it('resolves exposures to plan ids', () => {
    expect(plan.exposures).toEqual([
      {
        id: 'exposure.crm.sales_pipeline',
        name: 'sales_pipeline',
        label: 'Sales Pipeline Dashboard',
        type: 'dashboard',
        owner: { name: 'Sales Ops', email: 'sales-ops@example.com' },
        maturity: 'high',
        url: 'https://dashboards.example.com/sales-pipeline',
        dependsOn: { models: ['model.crm.fact_deals', 'model.crm.mart_pipeline'], sources: ['source.crm.deals'] },
      },
    ]);
  });
});

describe('compileProject: determinism', () => {
  it('gives byte-identical JSON for the same project and options, whatever the model order', () => {
    const first = JSON.stringify(compile());
    const shuffled = fixtureProject();
    const reordered: Project = { ...shuffled, models: [...shuffled.models].reverse(), singularTests: [...shuffled.singularTests].reverse() };

    expect(JSON.stringify(compile())).toBe(first);
    expect(JSON.stringify(compile(reordered))).toBe(first);
    expect(JSON.stringify(compile(fixtureProject(), { min_amount: 0, run_date: '2026-11-24' }))).toBe(first);
  });
});

describe('compileProject: tests', () => {
  const plan = compile();

  it('names, orders and attaches tests: sources first, then models in build order, singular tests last per model', () => {
    expect(plan.tests.map((t) => [t.name, t.attachedTo])).toEqual([
      ['source_unique_crm_accounts_account_id', 'source.crm.accounts'],
      ['source_not_null_crm_accounts_account_id', 'source.crm.accounts'],
      ['assert_accounts_landed', 'source.crm.accounts'],
      ['unique_dim_accounts_account_id', 'model.crm.dim_accounts'],
      ['not_null_dim_accounts_account_id', 'model.crm.dim_accounts'],
      ['relationships_dim_accounts_manager_id__account_id__ref_dim_accounts_', 'model.crm.dim_accounts'],
      ['unique_fact_deals_deal_id', 'model.crm.fact_deals'],
      ['relationships_fact_deals_account_id__account_id__ref_dim_accounts_', 'model.crm.fact_deals'],
      ['not_null_fact_deals_account_id', 'model.crm.fact_deals'],
      ['not_null_fact_deals_account_id_2', 'model.crm.fact_deals'],
      ['accepted_range_fact_deals_amount___var_min_amount_', 'model.crm.fact_deals'],
      ['not_empty_fact_deals', 'model.crm.fact_deals'],
      ['assert_deals_have_accounts', 'model.crm.fact_deals'],
    ]);
    expect(testNamed(plan, 'not_null_fact_deals_account_id_2')).toMatchObject({ id: 'test.crm.not_null_fact_deals_account_id_2', severity: 'warn', column: 'account_id' });
  });

  it('reads the published relation in sql and the __wap relation in auditSql', () => {
    const test = testNamed(plan, 'unique_fact_deals_deal_id');
    expect(test.sql).toContain('from analytics.fact_deals\n');
    expect(test.auditSql).toBe(test.sql.replace('analytics.fact_deals', 'analytics.fact_deals__wap'));
    expect(test).toMatchObject({ kind: 'generic', testName: 'unique', path: 'sql/schema.yml', yamlPath: 'unique.deal_id', dependsOn: { models: ['model.crm.fact_deals'], sources: [] } });
  });

  it('audits the child of a relationships test against the published parent, filtered by where', () => {
    const test = testNamed(plan, 'relationships_fact_deals_account_id__account_id__ref_dim_accounts_');
    expect(test.auditSql).toContain("from (select * from analytics.fact_deals__wap where stage <> 'closed_lost') dbt_subquery");
    expect(test.auditSql).toContain('from analytics.dim_accounts\n');
    expect(test.dependsOn).toEqual({ models: ['model.crm.dim_accounts', 'model.crm.fact_deals'], sources: [] });
  });

  it('audits a model that references itself against its own new build', () => {
    const test = testNamed(plan, 'relationships_dim_accounts_manager_id__account_id__ref_dim_accounts_');
    expect(test.sql).not.toContain('__wap');
    expect(test.auditSql?.match(/analytics\.dim_accounts__wap/g)).toHaveLength(2);
  });

  it('renders templating in test arguments', () => {
    expect(testNamed(plan, 'accepted_range_fact_deals_amount___var_min_amount_').sql).toContain('where not (amount >= 0)');
  });

  it('gives source tests no auditSql', () => {
    const test = testNamed(plan, 'source_unique_crm_accounts_account_id');
    expect(test.sql).toContain('from raw.accounts\n');
    expect(test.auditSql).toBeUndefined();
    expect(test.dependsOn).toEqual({ models: [], sources: ['source.crm.accounts'] });
  });

  it('attaches a relationships test to its parent when the parent is built later, auditing the parent', () => {
    const project = fixtureProject();
    const history = model('fact_deal_history', 'facts', "select deal_id from {{ ref('stg_crm_deals') }}", {
      columns: [{ name: 'deal_id', tests: [genericTest('relationships', 'deal_id', { to: "ref('fact_deals')", field: 'deal_id' })] }],
    });
    const later = compile({ ...project, models: [...project.models, history] });
    const test = testNamed(later, 'relationships_fact_deal_history_deal_id__deal_id__ref_fact_deals_');

    expect(later.models.map((m) => m.name).indexOf('fact_deal_history')).toBeLessThan(later.models.map((m) => m.name).indexOf('fact_deals'));
    expect(test.attachedTo).toBe('model.crm.fact_deals');
    expect(test.auditSql).toContain('from analytics.fact_deal_history\n');
    expect(test.auditSql).toContain('from analytics.fact_deals__wap\n');
  });

  it('attaches a source test that reads a model to that model', () => {
    const project = fixtureProject();
    const [accounts, deals] = project.sources;
    const test = genericTest('relationships', 'account_id', { to: "ref('dim_accounts')", field: 'account_id' });
    const withTest = compile({ ...project, sources: [accounts!, { ...deals!, tests: [test] }] });
    const compiled = testNamed(withTest, 'source_relationships_crm_deals_account_id__account_id__ref_dim_accounts_');

    expect(compiled.attachedTo).toBe('model.crm.dim_accounts');
    expect(compiled.dependsOn).toEqual({ models: ['model.crm.dim_accounts'], sources: ['source.crm.deals'] });
    expect(compiled.auditSql).toContain('from raw.deals\n');
    expect(compiled.auditSql).toContain('from analytics.dim_accounts__wap\n');
  });

  it('attaches a singular test to its last-built model and audits only that model', () => {
    const test = testNamed(plan, 'assert_deals_have_accounts');
    expect(test).toMatchObject({ kind: 'singular', testName: 'assert_deals_have_accounts', severity: 'warn', path: 'sql/tests/assert_deals_have_accounts.sql' });
    expect(test.sql).toContain('from analytics.fact_deals deals\nleft join analytics.dim_accounts accounts');
    expect(test.auditSql).toContain('from analytics.fact_deals__wap deals\nleft join analytics.dim_accounts accounts');
    expect(test.dependsOn).toEqual({ models: ['model.crm.dim_accounts', 'model.crm.fact_deals'], sources: [] });
  });

  it('attaches a singular test that reads only sources to a source, without auditSql', () => {
    const test = testNamed(plan, 'assert_accounts_landed');
    expect(test.sql).toBe('select count(*) as row_count from raw.accounts having count(*) = 0');
    expect(test.auditSql).toBeUndefined();
  });
});

describe('compileProject: errors', () => {
  it('collects the errors of every model', () => {
    const project = fixtureProject();
    const broken: Project = {
      ...project,
      models: [...project.models, model('dim_users', 'dimensions', "select * from {{ ref('dim_acounts') }}"), model('dim_dates', 'dimensions', "select '{{ var('today') }}'")],
    };
    expect(compileErrors(broken)).toEqual([
      "sql/dimensions/dim_users.sql:1: unknown model 'dim_acounts' in ref('dim_acounts'); did you mean 'dim_accounts'?",
      "sql/dimensions/dim_dates.sql:1: unknown var 'today'",
    ]);
  });

  it('refuses a model that reads a model of a later layer, naming both', () => {
    const project = fixtureProject();
    const backwards: Project = { ...project, models: [...project.models, model('dim_pipeline', 'dimensions', "select * from {{ ref('mart_pipeline') }}")] };
    expect(compileErrors(backwards)).toEqual([
      "sql/dimensions/dim_pipeline.sql: model 'dim_pipeline' of layer 'dimensions' reads 'mart_pipeline' of the later layer 'marts' (sql/marts/mart_pipeline.sql); the layers build in the order of models: in sql/project.yml (staging, dimensions, facts, marts)",
    ]);
  });

  it('carries the layers in their order, with their schemas', () => {
    expect(compile().layers).toEqual([
      { name: 'staging', schema: 'staging' },
      { name: 'dimensions', schema: 'analytics' },
      { name: 'facts', schema: 'analytics' },
      { name: 'marts', schema: 'marts' },
    ]);
  });

  it('reports a dependency cycle with its files', () => {
    const project = fixtureProject();
    const cyclic: Project = {
      ...project,
      models: [...project.models, model('mart_a', 'marts', "select * from {{ ref('mart_b') }}"), model('mart_b', 'marts', "select * from {{ ref('mart_a') }}")],
    };
    expect(compileErrors(cyclic)).toEqual([
      'sql/marts/mart_a.sql: dependency cycle: model.crm.mart_a -> model.crm.mart_b -> model.crm.mart_a (files: sql/marts/mart_a.sql, sql/marts/mart_b.sql)',
    ]);
  });

  it('names a relationships test pointing at an unknown model', () => {
    const project = fixtureProject();
    const test = genericTest('relationships', 'account_id', { to: "ref('dim_account')", field: 'account_id' }, { path: 'sql/facts/schema.yml', yamlPath: 'models[0].columns[1].tests[0]' });
    const broken: Project = { ...project, models: [...project.models, model('fact_orders', 'facts', 'select 1 as account_id', { columns: [{ name: 'account_id', tests: [test] }] })] };
    expect(compileErrors(broken)).toEqual([
      "sql/facts/schema.yml: models[0].columns[1].tests[0]: relationships to: unknown model 'dim_account' in ref('dim_account'); did you mean 'dim_accounts'?",
    ]);
  });

  it('names a relationships test pointing at an unknown source', () => {
    const project = fixtureProject();
    const test = genericTest('relationships', 'account_id', { to: "source('crm', 'acounts')", field: 'account_id' }, { yamlPath: 'models[0].columns[0].tests[0]' });
    const broken: Project = { ...project, models: [...project.models, model('fact_orders', 'facts', 'select 1 as account_id', { columns: [{ name: 'account_id', tests: [test] }] })] };
    expect(compileErrors(broken)).toEqual([
      "sql/schema.yml: models[0].columns[0].tests[0]: relationships to: unknown source 'crm.acounts' in source('crm', 'acounts'); did you mean 'crm.accounts'?",
    ]);
  });

  it('names the YAML place of a bad var in a test where', () => {
    const project = fixtureProject();
    const test = genericTest('not_null', 'id', {}, { where: "day = '{{ var('rundate') }}'", yamlPath: 'models[5].columns[0].tests[0]' });
    const broken: Project = { ...project, models: [...project.models, model('fact_orders', 'facts', 'select 1 as id', { columns: [{ name: 'id', tests: [test] }] })] };
    expect(compileErrors(broken)).toEqual(["sql/schema.yml: models[5].columns[0].tests[0]: where: unknown var 'rundate'; did you mean 'run_date'?"]);
  });

  it('rejects a singular test that reads no model or source', () => {
    const project = fixtureProject();
    const broken: Project = { ...project, singularTests: [{ name: 'assert_nothing', path: 'sql/tests/assert_nothing.sql', rawSql: 'select 1 where false', severity: 'error' }] };
    expect(compileErrors(broken)).toEqual(['sql/tests/assert_nothing.sql: a singular test must read a model with ref() or a source with source()']);
  });

  it('names an exposure that depends on an unknown model or a malformed entry', () => {
    const project = fixtureProject();
    const broken: Project = {
      ...project,
      exposures: [{ name: 'churn', type: 'dashboard', dependsOn: ["ref('fact_deal')", 'fact_deals'], origin: { path: 'sql/exposures.yml', yamlPath: 'exposures[1]' } }],
    };
    expect(compileErrors(broken)).toEqual([
      "sql/exposures.yml: exposures[1].depends_on[0]: unknown model 'fact_deal' in ref('fact_deal'); did you mean 'fact_deals'?",
    ]);
    const malformed: Project = { ...broken, exposures: [{ ...broken.exposures[0]!, dependsOn: ['fact_deals'] }] };
    expect(compileErrors(malformed)).toEqual(["sql/exposures.yml: exposures[1].depends_on[0]: expected ref('model') or source('source', 'table'), got 'fact_deals'"]);
  });
});
