/**
 * The SQL of a data test run against what was staged (or published): a test's query returns its
 * failing rows, so its verdict comes from how many there are. The local runner counts them and reads a
 * sample back (lib/runner/test-check.ts); the pipeline's QualityChecks step, whose rows would have
 * to travel through a Lambda, has each test append its own verdict to `audit.check_results`
 * (audit-records.ts) in the warehouse, in one statement.
 *
 * The verdict follows dbt's test configs: `error_if` (error-severity tests only), then `warn_if`,
 * each a comparison of the failure count defaulting to `!= 0`; `limit` caps the rows counted; and
 * `store_failures` replaces a table with the failing rows on every run, on every engine.
 */
import type { FailureCondition, PlanTest } from '../plan/plan.ts';
import { sqlLiteral, sqlString, sqlTimestamp } from '../sql/literals.ts';
import { checkResultsInsertHead } from './audit-records.ts';

/** What decides a test's verdict and what is kept of its failing rows. */
export type JudgedTest = Pick<PlanTest, 'severity' | 'warnIf' | 'errorIf' | 'limit' | 'storeFailuresIn'>;

export type Verdict = 'pass' | 'warn' | 'fail';

/** dbt's default for both warn_if and error_if. */
export const ANY_FAILURE: FailureCondition = { operator: '!=', value: 0 };

/** The test's failing rows as a derived table. The newline keeps a trailing `-- comment` in the test's SQL from swallowing the parenthesis. */
export function failingRows(testSql: string, limit?: number): string {
  return limit === undefined ? `(${testSql}\n) failing_rows` : `(select * from (${testSql}\n) unlimited_rows limit ${limit}) failing_rows`;
}

export function failureCountQuery(testSql: string, limit?: number): string {
  return `select count(*) as failures from ${failingRows(testSql, limit)}`;
}

export function failureSampleQuery(testSql: string, limit: number): string {
  return `select * from ${failingRows(testSql)} limit ${limit}`;
}

export function conditionHolds(condition: FailureCondition, failures: number): boolean {
  switch (condition.operator) {
    case '>':
      return failures > condition.value;
    case '>=':
      return failures >= condition.value;
    case '<':
      return failures < condition.value;
    case '<=':
      return failures <= condition.value;
    case '=':
      return failures === condition.value;
    case '!=':
      return failures !== condition.value;
  }
}

function conditionSql(condition: FailureCondition, count: string): string {
  return `${count} ${condition.operator === '!=' ? '<>' : condition.operator} ${condition.value}`;
}

/** As dbt decides it: a warn-severity test never fails; error_if is checked before warn_if. */
export function testVerdict(test: JudgedTest, failures: number): Verdict {
  if (test.severity === 'error' && conditionHolds(test.errorIf ?? ANY_FAILURE, failures)) return 'fail';
  return conditionHolds(test.warnIf ?? ANY_FAILURE, failures) ? 'warn' : 'pass';
}

/** dbt's message for a test that warned or failed: `Got 3 results, configured to fail if > 2`. */
export function verdictMessage(test: JudgedTest, failures: number, verdict: Exclude<Verdict, 'pass'>): string {
  const condition = (verdict === 'fail' ? test.errorIf : test.warnIf) ?? ANY_FAILURE;
  return `Got ${failures} ${failures === 1 ? 'result' : 'results'}, configured to ${verdict} if ${condition.operator} ${condition.value}`;
}

function verdictCaseSql(test: JudgedTest, count: string): string {
  const fail = test.severity === 'error' ? `when ${conditionSql(test.errorIf ?? ANY_FAILURE, count)} then 'fail' ` : '';
  return `case ${fail}when ${conditionSql(test.warnIf ?? ANY_FAILURE, count)} then 'warn' else 'pass' end`;
}

/** `"schema"."name"`: quoted, as Redshift reserves words a test name may start with; relations are lower case (plan.ts). */
function storedText(test: JudgedTest): string | undefined {
  const relation = test.storeFailuresIn;
  return relation === undefined ? undefined : `"${relation.schema}"."${relation.name}"`;
}

/**
 * dbt's store_failures: the table of the test's failing rows (up to its limit), replaced on every run,
 * empty when the test passed. The schema statement goes first, apart: two tests storing into one new
 * schema at once may race to create it, which the statements after it do not need to know. Redshift
 * has CREATE SCHEMA IF NOT EXISTS (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_SCHEMA.html)
 * and DROP TABLE IF EXISTS, and the pipeline runs all three in one batch.
 */
export function storeFailuresStatements(test: JudgedTest, testSql: string): { readonly schema: string; readonly replace: readonly string[] } | undefined {
  const stored = storedText(test);
  if (stored === undefined || test.storeFailuresIn === undefined) return undefined;
  return {
    schema: `create schema if not exists "${test.storeFailuresIn.schema}"`,
    replace: [`drop table if exists ${stored}`, `create table ${stored} as select * from ${failingRows(testSql, test.limit)}`],
  };
}

/** The failing rows to count: the stored table when the test stores them (already limited), else the test's query. */
export function countedRows(test: JudgedTest, testSql: string): string {
  const stored = storedText(test);
  return stored === undefined ? failingRows(testSql, test.limit) : `${stored} failing_rows`;
}

export interface VerdictRun {
  readonly runId: string;
  /** The `checked_at` written (the run's start, so a retried statement writes the same row). */
  readonly checkedAt: Date;
}

/** The test's verdict row (phase `audit`, no sample), in checkResultsInsertHead's columns, for the SQL expression `failures` that counts its failing rows. */
export function auditVerdictValues(run: VerdictRun, test: PlanTest, failures: string): string[] {
  return [
    sqlString(run.runId),
    sqlString(test.id),
    sqlString(test.name),
    sqlString(test.attachedTo),
    sqlLiteral(test.column),
    sqlString(test.severity),
    verdictCaseSql(test, failures),
    failures,
    'cast(null as varchar(65535))',
    "'audit'",
    sqlTimestamp(run.checkedAt),
  ];
}

/** `insert … select` of the test's verdict (phase `audit`, no sample): the failing rows are counted where they are. */
export function auditVerdictInsert(run: VerdictRun, test: PlanTest, testSql: string): string {
  return `${checkResultsInsertHead()}
select ${auditVerdictValues(run, test, 'count(*)').join(', ')}
from ${countedRows(test, testSql)}`;
}

/** Every statement of one test's check in the pipeline, in order: storing its failures (if it does), then its verdict. */
export function auditCheckStatements(run: VerdictRun, test: PlanTest, testSql: string): string[] {
  const store = storeFailuresStatements(test, testSql);
  return [...(store === undefined ? [] : [store.schema, ...store.replace]), auditVerdictInsert(run, test, testSql)];
}
