import { describe, expect, it } from 'vitest';
import { failureCountQuery, failureSampleQuery } from '../../lib/publish/audit-checks.ts';
import { StatementSeconds, statementKind } from '../../bench/statement-kinds.ts';
import { batchedCountQuery } from '../../lib/runner/batched-tests.ts';

describe("the bench's statement kinds", () => {
  it('tells the statements a build sends apart by what they are for', () => {
    const test = 'select * from analytics.fact_deals where deal_id is null';
    expect(statementKind(failureCountQuery(test))).toBe('test');
    expect(statementKind(failureSampleQuery(test, 5))).toBe('test');
    expect(statementKind(batchedCountQuery('analytics.fact_deals', ['count(case when deal_id is null then 1 end)', 'count(*)']))).toBe('test');
    expect(statementKind('create or replace table analytics.fact_deals__wap as\nselect 1')).toBe('model');
    expect(statementKind('delete from analytics.fact_deals__wap where deal_id in (select deal_id from analytics.fact_deals__inc)')).toBe('model');
    expect(statementKind('alter table analytics.fact_deals__wap rename to fact_deals')).toBe('publish');
    expect(statementKind('drop table if exists staging.stg_crm_deals__snap')).toBe('publish');
    expect(statementKind('commit')).toBe('transaction');
    expect(statementKind("insert into audit.model_runs values ('run')")).toBe('bookkeeping');
    expect(statementKind('select count(*) as row_count from analytics.fact_deals')).toBe('bookkeeping');
    expect(statementKind('create table if not exists audit.model_runs (run_id varchar(64))')).toBe('bookkeeping');
  });

  it('sums statements and seconds per kind, the load phase as load whatever the statement', () => {
    const seconds = new StatementSeconds();
    seconds.add('insert into raw.deals select 1', 1.5, 'load');
    seconds.add('select count(*) from raw.deals', 0.5, 'load');
    seconds.add('create or replace table analytics.fact_deals__wap as select 1', 2, 'transform');
    seconds.add('commit', 0.25, 'transform');

    expect(seconds.byKind()).toEqual({
      load: { statements: 2, seconds: 2 },
      model: { statements: 1, seconds: 2 },
      test: { statements: 0, seconds: 0 },
      publish: { statements: 0, seconds: 0 },
      transaction: { statements: 1, seconds: 0.25 },
      bookkeeping: { statements: 0, seconds: 0 },
    });
  });
});
