import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { PlanUnitTest } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { writePlan } from '../../lib/project/write-plan.ts';
import { loadWithUnitTests, removeProjects, unitTestErrors } from './unit-test-project.ts';

afterAll(removeProjects);

const FACT_DEALS_TEST = `  - name: doubles_amounts
    description: Amounts are doubled.
    model: fact_deals
    overrides:
      vars: { run_date: '2026-01-31' }
    given:
      - input: ref('stg_crm_deals')
        rows:
          - { deal_id: D1, account_id: A1, amount: 10.5 }
          - { deal_id: D2, account_id: A9 }
      - input: ref('stg_crm_accounts')
        rows:
          - { account_id: A1, account_name: Acme }
    expect:
      rows:
        - { deal_id: D1, account_name: Acme, double_amount: 21 }
        - { deal_id: D2, double_amount: null }
`;

const STAGING_TEST = `  - name: keeps_amounts_over_the_minimum
    model: stg_crm_deals
    overrides:
      vars: { min_amount: 5 }
    given:
      - input: source('crm', 'deals')
        rows:
          - { deal_id: D1, amount: 10.5, updated_at: '2026-01-02T03:04:05Z' }
    expect:
      rows:
        - { deal_id: D1 }
`;

async function compiledUnitTests(unitTests: string): Promise<readonly PlanUnitTest[]> {
  return compileProject(await loadWithUnitTests(unitTests), { target: 'duckdb' }).unitTests ?? [];
}

describe('compiling unit tests', () => {
  it('replaces each source() by a CTE of typed rows, loader columns included, with the test vars', async () => {
    const [test] = await compiledUnitTests(STAGING_TEST);
    expect(test?.sql).toBe(`-- Deals, latest version.
with

__given_source__crm__deals as (

    select cast('D1' as varchar(65535)) as deal_id, cast(null as varchar(65535)) as account_id, cast(10.5 as decimal(18,2)) as amount, cast('2026-01-02 03:04:05' as timestamp) as updated_at, cast(null as date) as _ingest_date, cast(null as varchar(65535)) as _source_file, cast(null as timestamp) as _loaded_at

)

select deal_id, account_id, amount, updated_at, _ingest_date
from __given_source__crm__deals
where amount >= 5`);
  });

  it("puts ref() inputs into the model's own WITH list, typed from data_type where declared and from the values elsewhere", async () => {
    const [test] = await compiledUnitTests(FACT_DEALS_TEST);
    expect(test?.sql).toBe(`with

__given_model__stg_crm_deals as (

    select cast('D1' as varchar(65535)) as deal_id, cast(10.5 as decimal(18,2)) as amount, cast('A1' as varchar(65535)) as account_id
    union all
    select cast('D2' as varchar(65535)) as deal_id, cast(null as decimal(18,2)) as amount, cast('A9' as varchar(65535)) as account_id

),

__given_model__stg_crm_accounts as (

    select cast('A1' as varchar(65535)) as account_id, cast('Acme' as varchar(65535)) as account_name

),

deals as (
    select * from __given_model__stg_crm_deals
),

accounts as (
    select * from __given_model__stg_crm_accounts
)

select
    deals.deal_id,
    accounts.account_name,
    cast(deals.amount * 2 as decimal(18,2)) as double_amount,
    cast('2026-01-31' as date) as run_date
from deals
left join accounts on deals.account_id = accounts.account_id`);
  });

  it('records the test, its model, its inputs and the expected rows with every compared column', async () => {
    const [test] = await compiledUnitTests(FACT_DEALS_TEST);
    expect({ ...test, sql: undefined }).toEqual({
      id: 'unit_test.crm.doubles_amounts',
      name: 'doubles_amounts',
      description: 'Amounts are doubled.',
      model: 'model.crm.fact_deals',
      given: ['model.crm.stg_crm_accounts', 'model.crm.stg_crm_deals'],
      path: 'sql/facts/schema.yml',
      yamlPath: 'unit_tests[0]',
      sql: undefined,
      expected: {
        columns: ['deal_id', 'account_name', 'double_amount'],
        rows: [
          { deal_id: 'D1', account_name: 'Acme', double_amount: 21 },
          { deal_id: 'D2', account_name: null, double_amount: null },
        ],
      },
    });
  });

  it('orders unit tests by the build order of their models and leaves the list out when there are none', async () => {
    const tests = await compiledUnitTests(`${FACT_DEALS_TEST}${STAGING_TEST}`);
    expect(tests.map((test) => test.name)).toEqual(['keeps_amounts_over_the_minimum', 'doubles_amounts']);
    const plan = compileProject(await loadWithUnitTests(''), { target: 'duckdb' });
    expect(Object.keys(plan)).not.toContain('unitTests');
  });

  it('gives SQL that DuckDB runs to the model output', async () => {
    const engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    try {
      const [test] = await compiledUnitTests(FACT_DEALS_TEST);
      const rows = await engine.query(`${test?.sql ?? ''}\norder by deal_id`);
      expect(rows).toEqual([
        { deal_id: 'D1', account_name: 'Acme', double_amount: 21, run_date: '2026-01-31' },
        { deal_id: 'D2', account_name: null, double_amount: null, run_date: '2026-01-31' },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('compiles for Postgres and Redshift as well', async () => {
    const project = await loadWithUnitTests(FACT_DEALS_TEST);
    for (const target of ['postgres', 'redshift'] as const) {
      expect(compileProject(project, { target }).unitTests?.map((test) => test.id)).toEqual(['unit_test.crm.doubles_amounts']);
    }
  });

  it('quotes given text for the target: a backslash is doubled on Redshift only, so both read back C:\\deals', async () => {
    const project = await loadWithUnitTests(FACT_DEALS_TEST.replace('account_name: Acme }', "account_name: 'C:\\deals' }"));
    const sqlFor = (target: 'duckdb' | 'postgres' | 'redshift') => compileProject(project, { target }).unitTests?.[0]?.sql ?? '';
    expect(sqlFor('redshift')).toContain("cast('C:\\\\deals' as varchar(65535)) as account_name");
    for (const target of ['duckdb', 'postgres'] as const) expect(sqlFor(target)).toContain("cast('C:\\deals' as varchar(65535)) as account_name");
  });

  it('writes each unit test as compiled SQL next to the other compiled files', async () => {
    const target = await mkdtemp(join(tmpdir(), 'unit-test-plan-'));
    try {
      const plan = compileProject(await loadWithUnitTests(FACT_DEALS_TEST), { target: 'duckdb' });
      await writePlan(plan, target);
      expect(await readFile(join(target, 'compiled', 'crm', 'unit_tests', 'doubles_amounts.sql'), 'utf8')).toBe(`${plan.unitTests?.[0]?.sql}\n`);
    } finally {
      await rm(target, { recursive: true, force: true });
    }
  });
});

describe('unit test compile errors', () => {
  const compile = (project: Parameters<typeof compileProject>[0]): unknown => compileProject(project, { target: 'duckdb' });

  it('rejects a column a source does not have, suggesting the nearest', async () => {
    const errors = await unitTestErrors(STAGING_TEST.replace('amount: 10.5', 'amont: 10.5'), compile);
    expect(errors).toEqual(["sql/facts/schema.yml: unit_tests[0].given[0].rows[0]: unknown column 'amont' in source('crm', 'deals'); did you mean 'amount'?"]);
  });

  it('rejects a column with no declared type and no value to infer one from', async () => {
    const errors = await unitTestErrors(FACT_DEALS_TEST.replace('account_name: Acme }', 'account_name: null }'), compile);
    expect(errors).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[1]: column 'account_name' of ref('stg_crm_accounts') is null in every row and has no data_type: declare its data_type in a schema.yml entry for stg_crm_accounts or give typed values",
    ]);
  });

  it('rejects a column whose values mix numbers and text', async () => {
    const errors = await unitTestErrors(FACT_DEALS_TEST.replace('account_name: Acme }', 'account_name: Acme }\n          - { account_id: 7, account_name: Other }'), compile);
    expect(errors).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[1]: column 'account_id' of ref('stg_crm_accounts') mixes numbers and text and has no data_type: declare its data_type in a schema.yml entry for stg_crm_accounts or give typed values",
    ]);
  });

  it('rejects empty rows for an input whose columns are not declared with types', async () => {
    const errors = await unitTestErrors(FACT_DEALS_TEST.replace("rows:\n          - { account_id: A1, account_name: Acme }", 'rows: []'), compile);
    expect(errors).toEqual([
      "sql/facts/schema.yml: unit_tests[0].given[1]: no rows given and no column of ref('stg_crm_accounts') has a data_type in a schema.yml entry for stg_crm_accounts, so its empty relation has no columns",
    ]);
  });

  it('names the unit test when the model cannot be rendered with its vars', async () => {
    const errors = await unitTestErrors(STAGING_TEST.replace('{ min_amount: 5 }', '{ min_amount: [5] }'), compile);
    expect(errors).toEqual([
      "sql/facts/schema.yml: unit_tests[0]: rendering stg_crm_deals for this test: sql/staging/stg_crm_deals.sql:4: var 'min_amount' is a list; only strings, numbers and booleans render into SQL",
    ]);
  });
});
