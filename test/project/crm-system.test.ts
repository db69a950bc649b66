/**
 * The var crm_source: a generic project never sees the system folders and sources; a system's project
 * reads every contract table through the system's model, in the plan's SQL, dependencies, tests and
 * exposures, and a badly set up system is an error naming the var, file and missing model.
 */
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../lib/project/compile.ts';
import type { Project, SourceTableSpec, UnitTestSpec } from '../../lib/project/project.ts';
import { column, fixtureProject, model } from './compile-fixture.ts';

function salesforceSource(tableName: string): SourceTableSpec {
  return {
    sourceName: 'salesforce',
    tableName,
    schema: 'raw',
    columns: [column('id', [], 'varchar')],
    tests: [],
    origin: { path: 'sql/sources.yml', yamlPath: `sources[1].tables.${tableName}` },
  };
}

function systemModel(name: string, sql: string): ReturnType<typeof model> {
  return { ...model(name, 'staging', sql), path: `sql/staging/salesforce/${name}.sql` };
}

const unitTest: UnitTestSpec = {
  name: 'salesforce_accounts_mapping',
  model: 'stg_salesforce__accounts',
  given: [
    {
      input: "source('salesforce', 'salesforce_account')",
      reference: { kind: 'source', sourceName: 'salesforce', tableName: 'salesforce_account' },
      fixture: { format: 'rows', rows: [{ id: '001A1' }] },
      origin: { path: 'sql/staging/salesforce/_unit_tests.yml', yamlPath: 'unit_tests[0].given[0]' },
    },
  ],
  expect: [{ account_id: '001A1' }],
  vars: {},
  origin: { path: 'sql/staging/salesforce/_unit_tests.yml', yamlPath: 'unit_tests[0]' },
};

/** The compiler fixture with a Salesforce source and its two provider models (accounts, deals). */
function withSalesforce(crmSource: string, models = salesforceModels()): Project {
  const project = fixtureProject();
  return {
    ...project,
    config: { ...project.config, vars: { ...project.config.vars, crm_source: crmSource } },
    sources: [...project.sources, salesforceSource('salesforce_account'), salesforceSource('salesforce_opportunity')],
    models: [...project.models, ...models],
    unitTests: [unitTest],
  };
}

function salesforceModels(): ReturnType<typeof model>[] {
  return [
    systemModel('stg_salesforce__accounts', "select id as account_id, cast(null as varchar) as manager_id from {{ source('salesforce', 'salesforce_account') }}"),
    systemModel('stg_salesforce__deals', "select id as deal_id from {{ source('salesforce', 'salesforce_opportunity') }}"),
  ];
}

describe('crm_source', () => {
  it('generic: the plan is the one without any system folder or source', () => {
    const plain = fixtureProject();
    const generic = withSalesforce('generic');
    const expected = compileProject({ ...plain, config: { ...plain.config, vars: { ...plain.config.vars, crm_source: 'generic' } } }, { target: 'duckdb' });
    expect(compileProject(generic, { target: 'duckdb' })).toEqual(expected);
  });

  it('a project that declares no crm_source is generic', () => {
    const plan = compileProject(fixtureProject(), { target: 'duckdb' });
    expect(plan.sources.map((source) => source.id)).toEqual(['source.crm.accounts', 'source.crm.deals']);
  });

  it('salesforce: source(crm, …) reads the provider model everywhere, and only the system tables are landed', () => {
    const plan = compileProject(withSalesforce('salesforce'), { target: 'duckdb' });
    expect(plan.sources.map((source) => source.id)).toEqual(['source.salesforce.salesforce_account', 'source.salesforce.salesforce_opportunity']);

    const staging = plan.models.find((node) => node.name === 'stg_crm_deals');
    expect(staging?.sql).toContain('from staging.stg_salesforce__deals');
    expect(staging?.dependsOn).toEqual({ models: ['model.crm.stg_salesforce__deals'], sources: [] });
    const order = plan.models.map((node) => node.name);
    expect(order.indexOf('stg_salesforce__deals')).toBeLessThan(order.indexOf('stg_crm_deals'));

    // The contract tables' own tests are not run: no raw table is landed for them.
    expect(plan.tests.filter((test) => test.attachedTo.startsWith('source.crm.'))).toEqual([]);
    const landed = plan.tests.find((test) => test.name === 'assert_accounts_landed');
    expect(landed?.sql).toContain('from staging.stg_salesforce__accounts');
    expect(landed?.dependsOn).toEqual({ models: ['model.crm.stg_salesforce__accounts'], sources: [] });
    expect(landed?.attachedTo).toBe('model.crm.stg_salesforce__accounts');

    expect(plan.exposures[0]?.dependsOn.sources).toEqual([]);
    expect(plan.exposures[0]?.dependsOn.models).toContain('model.crm.stg_salesforce__deals');
    expect(plan.unitTests?.map((test) => test.name)).toEqual(['salesforce_accounts_mapping']);
  });

  it('generic leaves the system models, their unit tests and the system sources out', () => {
    const plan = compileProject(withSalesforce('generic'), { target: 'duckdb' });
    expect(plan.models.map((node) => node.name)).not.toContain('stg_salesforce__deals');
    expect(plan.sources.map((source) => source.sourceName)).toEqual(['crm', 'crm']);
    expect(plan.unitTests).toBeUndefined();
  });

  it('an unknown CRM source is an error naming the var and the choices', () => {
    expect(() => compileProject(withSalesforce('sap'), { target: 'duckdb' })).toThrow(
      'var crm_source: "sap" is not a CRM source; use one of generic, salesforce, hubspot',
    );
  });

  it('a contract table no system model provides is an error naming the model to add', () => {
    const [accounts] = salesforceModels();
    expect(() => compileProject(withSalesforce('salesforce', [accounts as ReturnType<typeof model>]), { target: 'duckdb' })).toThrow(
      "var crm_source: is 'salesforce', but no model provides source('crm', 'deals'): add sql/staging/salesforce/stg_salesforce__deals.sql",
    );
  });

  it('a system model that provides no contract table is an error naming its file', () => {
    const stray = systemModel('stg_salesforce__leads', "select id from {{ source('salesforce', 'salesforce_account') }}");
    expect(() => compileProject(withSalesforce('salesforce', [...salesforceModels(), stray]), { target: 'duckdb' })).toThrow(
      "sql/staging/salesforce/stg_salesforce__leads.sql: a model in sql/staging/salesforce/ provides one table of source 'crm' and is named stg_salesforce__<table> (accounts, deals); 'stg_salesforce__leads' is not",
    );
  });
});
