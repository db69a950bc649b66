import { afterAll, describe, expect, it } from 'vitest';
import { dbtManifest } from '../../lib/artifacts/dbt-manifest.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { builtContractType, declaredContractType } from '../../lib/sql/contract-types.ts';
import { removeProjects, writeProject } from './unit-test-project.ts';

afterAll(removeProjects);

function factsSchema(config: string, columns: string): string {
  return `version: 2\nmodels:\n  - name: fact_deals\n    config: ${config}\n    columns:\n${columns}`;
}

const TYPED = `      - { name: deal_id, data_type: varchar }
      - { name: account_name, data_type: varchar }
      - { name: double_amount, data_type: 'decimal(18,2)' }
      - { name: run_date, data_type: date }
`;

async function errorsOf(schema: string, extra: Readonly<Record<string, string>> = {}): Promise<string[]> {
  try {
    await loadProject(await writeProject({ 'sql/facts/schema.yml': schema, ...extra }));
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to be rejected');
}

describe('contract config', () => {
  it("puts an enforced contract in the plan and dbt's manifest", async () => {
    const plan = compileProject(await loadProject(await writeProject({ 'sql/facts/schema.yml': factsSchema('{ contract: { enforced: true } }', TYPED) })), { target: 'duckdb' });
    const model = plan.models.find((each) => each.name === 'fact_deals');
    expect(model?.config.contract).toEqual({ enforced: true });
    expect(plan.models.find((each) => each.name === 'stg_crm_deals')?.config.contract).toBeUndefined();
    const manifest = dbtManifest(plan, 'invocation', new Date(0)) as { nodes: Record<string, { config: { contract: unknown } }> };
    expect(manifest.nodes['model.crm.fact_deals']?.config.contract).toEqual({ enforced: true, alias_types: true });
    expect(manifest.nodes['model.crm.stg_crm_deals']?.config.contract).toEqual({ enforced: false, alias_types: true });
  });

  it('leaves a contract that is not enforced out of the plan', async () => {
    const plan = compileProject(await loadProject(await writeProject({ 'sql/facts/schema.yml': factsSchema('{ contract: { enforced: false } }', TYPED) })), { target: 'duckdb' });
    expect(plan.models.find((each) => each.name === 'fact_deals')?.config.contract).toBeUndefined();
  });

  it('needs a data_type on every column, one a contract can compare, naming each place', async () => {
    const columns = `      - { name: deal_id }
      - { name: account_name, data_type: varchar(40) }
      - { name: double_amount, data_type: decimal }
      - { name: run_date, data_type: geography }
`;
    expect(await errorsOf(factsSchema('{ contract: { enforced: true } }', columns))).toEqual([
      "sql/facts/schema.yml: models[0].columns[0]: column 'deal_id' has no data_type: model 'fact_deals' enforces a contract, which needs one for every column",
      "sql/facts/schema.yml: models[0].columns[2].data_type: 'decimal' cannot be enforced by a contract: use one of varchar, integer, bigint, smallint, decimal(p,s), double precision, real, boolean, date, timestamp, timestamptz (a decimal with its precision and scale)",
      "sql/facts/schema.yml: models[0].columns[3].data_type: 'geography' cannot be enforced by a contract: use one of varchar, integer, bigint, smallint, decimal(p,s), double precision, real, boolean, date, timestamp, timestamptz (a decimal with its precision and scale)",
    ]);
  });

  it('refuses a contract on a model without columns, and on a view', async () => {
    expect(await errorsOf(factsSchema('{ contract: { enforced: true }, materialized: view }', '      []\n'))).toEqual([
      "sql/facts/schema.yml: models[0]: model 'fact_deals' is a view: only tables and incremental models can enforce a contract (a late-binding view has no column catalog on Redshift)",
      "sql/facts/schema.yml: models[0]: model 'fact_deals' enforces a contract but declares no columns: list every column with its data_type",
    ]);
  });

  it('rejects an unknown contract key', async () => {
    expect(await errorsOf(factsSchema('{ contract: { enforced: true, alias_types: false } }', TYPED))).toEqual([
      expect.stringMatching(/^sql\/facts\/schema\.yml: models\[0\]\.config\.contract: unknown contract key \(only enforced\) 'alias_types'/),
    ]);
  });
});

describe('contract types', () => {
  it.each([
    ['VARCHAR', null, null, 'varchar'],
    ['character varying', null, null, 'varchar'],
    ['DECIMAL(18,2)', 18, 2, 'decimal(18,2)'],
    ['numeric', 18, 2, 'decimal(18,2)'],
    ['numeric', null, null, 'numeric'],
    ['INTEGER', 32, 0, 'integer'],
    ['HUGEINT', 128, 0, 'hugeint'],
    ['double precision', 53, null, 'double'],
    ['timestamp without time zone', null, null, 'timestamp'],
    ['TIMESTAMP WITH TIME ZONE', null, null, 'timestamptz'],
  ])('reads the built type %s (%s, %s) as %s', (dataType, precision, scale, expected) => {
    expect(builtContractType(dataType, precision, scale)).toBe(expected);
  });

  it.each([
    ['numeric( 18 , 2 )', 'decimal(18,2)'],
    ['varchar(256)', 'varchar'],
    ['text', 'varchar'],
    ['int', 'integer'],
    ['float8', 'double'],
    ['bool', 'boolean'],
    ['decimal', undefined],
    ['geography', undefined],
  ])('reads the declared type %s as %s', (declared, expected) => {
    expect(declaredContractType(declared)).toBe(expected);
  });
});
