import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTableStatements } from '../../lib/audit/audit-tables.ts';
import type { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { auditVerdictInsert, failureCountQuery, failureSampleQuery } from '../../lib/publish/audit-checks.ts';
import { openTestEngine, planTest } from '../runner/plan-builder.ts';

describe('a data test run against what was staged', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await openTestEngine();
    for (const statement of auditTableStatements()) await engine.execute(statement);
    await engine.execute('create schema analytics');
    await engine.execute('create table analytics.deals__wap as select * from (values (1, 10), (2, -5), (3, -7)) as t(deal_id, amount)');
  });
  afterEach(async () => {
    await engine.close();
  });

  // A trailing comment must not swallow the closing parenthesis of the derived table.
  const negativeAmounts = 'select * from analytics.deals__wap where amount < 0 -- amounts are never negative';

  it('counts and samples the failing rows', async () => {
    expect(await engine.query(failureCountQuery(negativeAmounts))).toEqual([{ failures: 2 }]);
    expect(await engine.query(failureSampleQuery(negativeAmounts, 1))).toHaveLength(1);
  });

  it('appends its verdict to audit.check_results in one statement, warn or fail by severity', async () => {
    const run = { runId: 'r1', checkedAt: new Date('2026-11-24T03:00:00.000Z') };
    const failing = planTest('no_negative_amounts', { attachedTo: 'model.crm.deals', sql: negativeAmounts, column: 'amount' });
    const warning = planTest('few_negative_amounts', { attachedTo: 'model.crm.deals', sql: negativeAmounts, severity: 'warn' });
    const passing = planTest('no_missing_ids', { attachedTo: 'model.crm.deals', sql: 'select * from analytics.deals__wap where deal_id is null' });

    for (const test of [failing, warning, passing]) await engine.execute(auditVerdictInsert(run, test, test.sql));

    expect(await engine.query('select test_name, column_name, severity, status, failures, sample, phase from audit.check_results order by test_name')).toEqual([
      { test_name: 'few_negative_amounts', column_name: null, severity: 'warn', status: 'warn', failures: 2, sample: null, phase: 'audit' },
      { test_name: 'no_missing_ids', column_name: null, severity: 'error', status: 'pass', failures: 0, sample: null, phase: 'audit' },
      { test_name: 'no_negative_amounts', column_name: 'amount', severity: 'error', status: 'fail', failures: 2, sample: null, phase: 'audit' },
    ]);
  });
});
