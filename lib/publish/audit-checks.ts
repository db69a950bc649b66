/**
 * The SQL of a data test run against what was staged (or published): a test's query returns its
 * failing rows, so its verdict is how many there are. The local runner counts them and reads a
 * sample back (lib/runner/test-check.ts); the pipeline's QualityChecks step, whose rows would have
 * to travel through a Lambda, has each test append its own verdict to `audit.check_results`
 * (audit-records.ts) in the warehouse, in one statement.
 */
import type { PlanTest } from '../plan/plan.ts';
import { sqlLiteral, sqlString, sqlTimestamp } from '../sql/literals.ts';
import { checkResultsInsertHead } from './audit-records.ts';

/** The test's failing rows as a derived table. The newline keeps a trailing `-- comment` in the test's SQL from swallowing the parenthesis. */
export function failingRows(testSql: string): string {
  return `(${testSql}\n) failing_rows`;
}

export function failureCountQuery(testSql: string): string {
  return `select count(*) as failures from ${failingRows(testSql)}`;
}

export function failureSampleQuery(testSql: string, limit: number): string {
  return `select * from ${failingRows(testSql)} limit ${limit}`;
}

export interface VerdictRun {
  readonly runId: string;
  /** The `checked_at` written (the run's start, so a retried statement writes the same row). */
  readonly checkedAt: Date;
}

/** `insert … select` of the test's verdict (phase `audit`, no sample): the failing rows are counted where they are. */
export function auditVerdictInsert(run: VerdictRun, test: PlanTest, testSql: string): string {
  const failed = test.severity === 'warn' ? 'warn' : 'fail';
  const values = [
    sqlString(run.runId),
    sqlString(test.id),
    sqlString(test.name),
    sqlString(test.attachedTo),
    sqlLiteral(test.column),
    sqlString(test.severity),
    `case when count(*) = 0 then 'pass' else ${sqlString(failed)} end`,
    'count(*)',
    'cast(null as varchar(65535))',
    "'audit'",
    sqlTimestamp(run.checkedAt),
  ];
  return `${checkResultsInsertHead()}
select ${values.join(', ')}
from ${failingRows(testSql)}`;
}
