import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { factsSchema, removeProjects, writeProject } from './unit-test-project.ts';

afterAll(removeProjects);

/** An incremental fact: the deals landed since its last build, and the rows of itself still below 100. */
const INCREMENTAL_FACT = `{{ config(materialized='incremental', unique_key='deal_id') }}
select deal_id, cast(amount * 2 as decimal(18,2)) as double_amount
from {{ ref('stg_crm_deals') }}
{% if is_incremental() %}
where deal_id in ({{ landed_keys('deals', 'deal_id') }})
    or deal_id in (select deal_id from {{ this }} where double_amount < 100)
{% endif %}
`;

const FULL_TEST = `  - name: doubles_every_deal
    model: fact_deals
    given:
      - input: ref('stg_crm_deals')
        rows:
          - { deal_id: D1, amount: 10 }
    expect:
      rows:
        - { deal_id: D1, double_amount: 20 }
`;

const INCREMENT_TEST = `  - name: rebuilds_landed_and_small_deals
    model: fact_deals
    overrides:
      macros: { is_incremental: true }
    given:
      - input: ref('stg_crm_deals')
        rows:
          - { deal_id: D1, amount: 10 }
          - { deal_id: D2, amount: 70 }
          - { deal_id: D3, amount: 80 }
      - input: source('crm', 'deals')
        rows:
          - { deal_id: D1, _loaded_at: '2026-11-24T06:00:00Z' }
      - input: this
        rows:
          - { deal_id: D2, double_amount: 60 }
          - { deal_id: D3, double_amount: 160 }
    expect:
      rows:
        - { deal_id: D1, double_amount: 20 }
        - { deal_id: D2, double_amount: 140 }
`;

async function project(unitTests: string, fact = INCREMENTAL_FACT) {
  return loadProject(
    await writeProject({
      'sql/facts/fact_deals.sql': fact,
      'sql/facts/schema.yml': `${factsSchema(unitTests).replace('  - name: fact_deals\n', '  - name: fact_deals\n    columns:\n      - { name: deal_id, data_type: varchar }\n      - { name: double_amount, data_type: "decimal(18,2)" }\n')}`,
    }),
  );
}

async function errors(unitTests: string, fact = INCREMENTAL_FACT): Promise<string[]> {
  try {
    compileProject(await project(unitTests, fact), { target: 'duckdb' });
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to be rejected');
}

describe('unit tests of an increment (overrides: macros: is_incremental)', () => {
  it('renders the full build unless the test overrides is_incremental, needing neither this nor the landed source', async () => {
    const plan = compileProject(await project(FULL_TEST), { target: 'duckdb' });
    const sql = plan.unitTests?.[0]?.sql ?? '';
    expect(sql).not.toContain('__given_this');
    expect(sql).not.toContain('_loaded_at');
  });

  it('renders the increment over the given rows of this and of the landed source, and DuckDB runs it', async () => {
    const plan = compileProject(await project(INCREMENT_TEST), { target: 'duckdb' });
    const test = plan.unitTests?.[0];
    expect(test?.sql).toContain('where deal_id in (select distinct deal_id from __given_source__crm__deals)');
    expect(test?.sql).toContain('or deal_id in (select deal_id from __given_this where double_amount < 100)');
    expect(test?.given).toEqual(['model.crm.stg_crm_deals', 'source.crm.deals']);
    const engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    try {
      expect(await engine.query(`${test?.sql ?? ''}\norder by deal_id`)).toEqual([
        { deal_id: 'D1', double_amount: 20 },
        { deal_id: 'D2', double_amount: 140 },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('requires this and the increment-only inputs when the increment is tested', async () => {
    const withoutThis = INCREMENT_TEST.replace(/ {6}- input: this\n {8}rows:\n(?: {10}- .*\n)+/, '');
    const withoutSource = INCREMENT_TEST.replace(/ {6}- input: source\('crm', 'deals'\)\n {8}rows:\n(?: {10}- .*\n)+/, '');
    expect(await errors(withoutThis)).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given: model 'fact_deals' reads {{ this }} in its increment (overrides: macros: is_incremental: true) (line 6): give its rows as input: this (rows: [] for none)",
    ]);
    expect(await errors(withoutSource)).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given: model 'fact_deals' also reads source('crm', 'deals'): give its rows (rows: [] for none)",
    ]);
  });

  it('refuses this where the rendering does not read it, a second this, and is_incremental on a table model', async () => {
    const fullWithThis = FULL_TEST.replace('    expect:', '      - input: this\n        rows: []\n    expect:');
    expect(await errors(fullWithThis)).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[1]: unknown input 'this': model 'fact_deals' does not read {{ this }} in its full build",
    ]);
    const twice = INCREMENT_TEST.replace('    expect:', '      - input: this\n        rows: []\n    expect:');
    expect(await errors(twice)).toEqual(['sql/facts/schema.yml: unit_tests[0].given[3]: input this is already given at unit_tests[0].given[2]']);
    const tableFact = "select deal_id, cast(amount * 2 as decimal(18,2)) as double_amount from {{ ref('stg_crm_deals') }}";
    const overridden = FULL_TEST.replace('    given:', '    overrides:\n      macros: { is_incremental: true }\n    given:');
    expect(await errors(overridden, tableFact)).toEqual([
      "sql/facts/schema.yml: unit_tests[0].overrides.macros.is_incremental: model 'fact_deals' is materialized as table, so it has no increment to test",
    ]);
  });

  it('overrides no macro but is_incremental, and only with true or false', async () => {
    const other = FULL_TEST.replace('    given:', '    overrides:\n      macros: { is_incremental: yes, run_started_at: x }\n    given:');
    expect(await errors(other)).toEqual([
      "sql/facts/schema.yml: unit_tests[0].overrides.macros.is_incremental: expected true or false, got 'yes'",
      "sql/facts/schema.yml: unit_tests[0].overrides.macros: unknown macro override (only is_incremental) 'run_started_at' (expected one of is_incremental)",
    ]);
  });
});
