import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRelation, qualified, type Plan } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { fixtureProject } from './compile-fixture.ts';

// The compiled fixture plan, run for real: every model and every test (sql and auditSql) executes on DuckDB.
let connection: DuckDBConnection;
const plan: Plan = compileProject(fixtureProject(), { target: 'duckdb' });

async function failingRowCount(sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(`select count(*) as failures from (\n${sql}\n) test_query`);
  return Number(reader.getRowObjectsJson()[0]?.failures);
}

beforeAll(async () => {
  connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(`
    create schema raw; create schema staging; create schema analytics; create schema marts;
    create table raw.accounts (account_id varchar, manager_id varchar);
    insert into raw.accounts values ('A1', null), ('A2', 'A1'), ('A2', 'A9');
    create table raw.deals (deal_id varchar, account_id varchar, stage varchar, amount decimal(18,2), updated_at timestamp);
    insert into raw.deals values
      ('D1', 'A1', 'open', 10, '2026-11-01'),
      ('D2', 'A3', 'closed_lost', 5, '2026-11-02'),
      ('D3', 'A4', 'won', -1, '2026-11-03'),
      ('D4', null, 'closed_won', 3, '2026-11-04'),
      ('D5', 'A1', 'open', 1, '2026-12-31');
  `);
  for (const model of plan.models) {
    const kind = model.config.materialized === 'view' ? 'view' : 'table';
    await connection.run(`create ${kind} ${qualified(model.relation)} as\n${model.sql}`);
    // Stands in for the runner's write-audit-publish build: the same rows under the audit name.
    await connection.run(`create table ${qualified(auditRelation(model.relation))} as select * from ${qualified(model.relation)}`);
  }
});

afterAll(() => {
  connection.closeSync();
});

describe('the compiled plan on DuckDB', () => {
  it('builds every model, honouring run_date', async () => {
    const reader = await connection.runAndReadAll('select deal_id from analytics.fact_deals order by deal_id');
    expect(reader.getRowObjectsJson().map((row) => row.deal_id)).toEqual(['D1', 'D2', 'D3', 'D4']);
  });

  it('runs the incremental SQL against the existing table', async () => {
    const fact = plan.models.find((model) => model.name === 'fact_deals');
    expect(await failingRowCount(fact?.incrementalSql ?? '')).toBe(0);
  });

  it('finds the known failing rows with every test', async () => {
    const failures: Record<string, number> = {};
    for (const test of plan.tests) failures[test.name] = await failingRowCount(test.sql);
    expect(failures).toEqual({
      source_unique_crm_accounts_account_id: 1,
      source_not_null_crm_accounts_account_id: 0,
      assert_accounts_landed: 0,
      unique_dim_accounts_account_id: 1,
      not_null_dim_accounts_account_id: 0,
      relationships_dim_accounts_manager_id__account_id__ref_dim_accounts_: 1,
      unique_fact_deals_deal_id: 0,
      relationships_fact_deals_account_id__account_id__ref_dim_accounts_: 1,
      not_null_fact_deals_account_id: 1,
      not_null_fact_deals_account_id_2: 1,
      accepted_range_fact_deals_amount___var_min_amount_: 1,
      not_empty_fact_deals: 0,
      assert_deals_have_accounts: 3,
    });
  });

  it('checks the new build, not the published one, through auditSql', async () => {
    // The new build of fact_deals lost D3, the deal with an unknown account and a negative amount.
    await connection.run("delete from analytics.fact_deals__wap where deal_id = 'D3'");
    const failures: Record<string, number> = {};
    for (const test of plan.tests) if (test.auditSql !== undefined) failures[test.name] = await failingRowCount(test.auditSql);
    expect(failures).toEqual({
      unique_dim_accounts_account_id: 1,
      not_null_dim_accounts_account_id: 0,
      relationships_dim_accounts_manager_id__account_id__ref_dim_accounts_: 1,
      unique_fact_deals_deal_id: 0,
      relationships_fact_deals_account_id__account_id__ref_dim_accounts_: 0,
      not_null_fact_deals_account_id: 1,
      not_null_fact_deals_account_id_2: 1,
      accepted_range_fact_deals_amount___var_min_amount_: 0,
      not_empty_fact_deals: 0,
      assert_deals_have_accounts: 2,
    });
  });
});
