/**
 * Two singular tests of the real project fail exactly when they must, with the rows they must return:
 * assert_staging_row_counts_match_raw_live_ids (a staging table short of a live id; raw versions whose
 * latest is or is not a deletion) and assert_mart_activity_marts_match_fact_activities (a mart that does
 * not add up; a fact key held twice; a null flag; the run date's boundary). The hand-checked fixture
 * (test/fixtures/crm-landing, see fixture-build.test.ts) is built once; each case changes a few rows,
 * reads the test's verdict and puts the rows back. Expected counts are worked out from the fixture's CSV
 * files: deals D1-D3 live (D4 deleted); activities AC1-AC6, all dated on or before the run date
 * 2026-03-10 (AC4 exactly at it), AC1, AC2 and AC6 completed, AC5 without deal or account, the rest on
 * deals D1/D2 and accounts A1/A2; D2 is the one won deal.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../lib/engines/engine.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { buildRealProject, errorsOf, PROJECT_ROOT, type BuiltWarehouse } from './warehouse-build.ts';

const LANDING = fileURLToPath(new URL('../fixtures/crm-landing', import.meta.url));
const RUN_DATE = '2026-03-10';
const STAGING_TEST = 'assert_staging_row_counts_match_raw_live_ids';
const ACTIVITY_TEST = 'assert_mart_activity_marts_match_fact_activities';

let built: BuiltWarehouse;

beforeAll(async () => {
  built = await buildRealProject(LANDING, { run_date: RUN_DATE });
}, 120_000);

afterAll(async () => {
  await built?.engine.close();
});

function testSql(name: string, plan = built.plan): string {
  const test = plan.tests.find((candidate) => candidate.name === name);
  if (test === undefined) throw new Error(`the plan has no test ${name}`);
  return test.sql;
}

/**
 * The test's failing rows, counts as numbers (DuckDB returns its 128-bit sums as bigint), sorted by
 * their first column (the table or metric): a union's rows come in no set order.
 */
async function verdict(sql: string): Promise<Row[]> {
  const rows = await built.engine.query(sql);
  return rows
    .map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value])))
    .sort((left, right) => String(Object.values(left)[0]).localeCompare(String(Object.values(right)[0])));
}

/** Runs `change`, reads the verdict, and always runs `restore`, so that each case starts from the built fixture. */
async function verdictAfter(change: readonly string[], restore: readonly string[], sql: string): Promise<Row[]> {
  try {
    for (const statement of change) await built.engine.execute(statement);
    return await verdict(sql);
  } finally {
    for (const statement of restore) await built.engine.execute(statement);
  }
}

/** A copy of one raw version of `dealId`, landed in a later file (its name sorts after the original's). */
function rawDealVersion(dealId: string, isDeleted: string, updatedAt: string, ingestDate: string): string {
  return `insert into raw.deals
    select * replace (${isDeleted} as is_deleted, ${updatedAt} as updated_at, ${ingestDate} as _ingest_date, _source_file || '.late' as _source_file)
    from raw.deals
    where deal_id = '${dealId}'
    order by updated_at desc, _ingest_date desc, _source_file desc
    limit 1`;
}

describe('the fixture build', () => {
  it('builds with no error, so each case below starts from passing tests', async () => {
    expect(errorsOf(built.result)).toEqual([]);
    expect(await verdict(testSql(STAGING_TEST))).toEqual([]);
    expect(await verdict(testSql(ACTIVITY_TEST))).toEqual([]);
  });
});

describe(STAGING_TEST, () => {
  it('fails when a staging table lost a live id', async () => {
    const rows = await verdictAfter(
      ['create table main.saved_deal as select * from staging.stg_crm_deals where deal_id = \'D2\'', 'delete from staging.stg_crm_deals where deal_id = \'D2\''],
      ['insert into staging.stg_crm_deals select * from main.saved_deal', 'drop table main.saved_deal'],
      testSql(STAGING_TEST),
    );
    expect(rows).toEqual([{ table_name: 'deals', raw_live_ids: 3, staging_rows: 2 }]);
  });

  it('counts an id live exactly when its latest raw version is not a deletion', async () => {
    // stg_crm_deals is a table, not rebuilt here, so it keeps D1-D3 while the raw versions change:
    // D1: a deletion with an older updated_at (on a later day) and one without updated_at lose: live.
    // D2: a deletion with a newer updated_at wins: not live.
    // D3: a deletion with the same updated_at and day, in a later file, wins: not live.
    // D4 (deleted on day 2): a newer version whose is_deleted is null is no deletion: live again.
    const rows = await verdictAfter(
      [
        rawDealVersion('D1', 'true', "timestamp '2026-02-28 10:00:00'", "date '2026-03-10'"),
        rawDealVersion('D1', 'true', 'null', "date '2026-03-10'"),
        rawDealVersion('D2', 'true', "timestamp '2026-03-10 08:00:00'", '_ingest_date'),
        rawDealVersion('D3', 'true', 'updated_at', '_ingest_date'),
        rawDealVersion('D4', 'null', "timestamp '2026-03-10 08:00:00'", '_ingest_date'),
      ],
      ["delete from raw.deals where _source_file like '%.late'"],
      testSql(STAGING_TEST),
    );
    expect(rows).toEqual([{ table_name: 'deals', raw_live_ids: 2, staging_rows: 3 }]);
  });
});

describe(ACTIVITY_TEST, () => {
  it('fails when a mart does not add up to fact_activities', async () => {
    const rows = await verdictAfter(
      ["update marts.mart_deal_engagement set activity_count = activity_count + 1 where deal_id = 'D1'"],
      ["update marts.mart_deal_engagement set activity_count = activity_count - 1 where deal_id = 'D1'"],
      testSql(ACTIVITY_TEST),
    );
    expect(rows).toEqual([{ metric: 'mart_deal_engagement.activity_count', mart_value: 6, fact_value: 5 }]);
  });

  it('counts the activities of a deal held twice in fact_deals twice, as a join does', async () => {
    const rows = await verdictAfter(
      ["insert into analytics.fact_deals select * from analytics.fact_deals where deal_id = 'D1'"],
      [
        "create table main.saved_deal as select * from analytics.fact_deals where deal_id = 'D1' limit 1",
        "delete from analytics.fact_deals where deal_id = 'D1'",
        'insert into analytics.fact_deals select * from main.saved_deal',
        'drop table main.saved_deal',
      ],
      testSql(ACTIVITY_TEST),
    );
    // AC1 and AC3 are D1's activities; D1 is not won.
    expect(rows).toEqual([
      { metric: 'mart_activity_deal_correlation.deal_count', mart_value: 3, fact_value: 4 },
      { metric: 'mart_deal_engagement.activity_count', mart_value: 5, fact_value: 7 },
    ]);
  });

  it('counts the activities of the accounts in dim_accounts, once per row of theirs, and a null is_completed as not completed', async () => {
    const rows = await verdictAfter(
      [
        "create table main.saved_account as select * from analytics.dim_accounts where account_id in ('A1', 'A2')",
        "delete from analytics.dim_accounts where account_id = 'A2'",
        "insert into analytics.dim_accounts select * from main.saved_account where account_id = 'A1'",
        "update analytics.fact_activities set is_completed = null where activity_id = 'AC1'",
      ],
      [
        "update analytics.fact_activities set is_completed = true where activity_id = 'AC1'",
        "delete from analytics.dim_accounts where account_id in ('A1', 'A2')",
        'insert into analytics.dim_accounts select * from main.saved_account',
        'drop table main.saved_account',
      ],
      testSql(ACTIVITY_TEST),
    );
    // A2's activities (AC2, AC4, AC6) are no longer counted; A1's (AC1, AC3) are counted twice: 5 - 3 + 2.
    expect(rows).toEqual([
      { metric: 'mart_account_engagement.activity_count', mart_value: 5, fact_value: 4 },
      { metric: 'mart_sales_activity.completed_activity_count', mart_value: 3, fact_value: 2 },
    ]);
  });

  it('counts the activities dated on or before the run date only', async () => {
    // The marts were built for 2026-03-10; read a day earlier, AC4 (open, deal D2, account A2, dated
    // 2026-03-10) is no longer counted on the fact side.
    const dayBefore = compileProject(await loadProject(PROJECT_ROOT), { target: 'duckdb', vars: { run_date: '2026-03-09' } });
    expect(await verdict(testSql(ACTIVITY_TEST, dayBefore))).toEqual([
      { metric: 'mart_account_engagement.activity_count', mart_value: 5, fact_value: 4 },
      { metric: 'mart_deal_engagement.activity_count', mart_value: 5, fact_value: 4 },
      { metric: 'mart_sales_activity.activity_count', mart_value: 6, fact_value: 5 },
    ]);
  });
});
