/**
 * The verdicts of the tests counted together (lib/runner/batched-tests.ts), appended to
 * `audit.check_results` by one statement that scans their rows once (batchedCountQuery). Each
 * test's row is the one its own statement (auditVerdictInsert) writes: its failures are
 * batchedFailures in SQL (the aggregate's count capped by the test's limit), its status comes
 * from its warn_if and error_if over them. A screen that found failures writes no row, since only
 * its own query can count them: the QualityChecks step then runs it alone.
 *
 * The counts' one row is cross joined with one row per test, a union of constant selects, and
 * each column picks the test's value by its index: Redshift's FROM takes tables, subqueries and
 * joins of them, but no VALUES list (https://docs.aws.amazon.com/redshift/latest/dg/r_FROM_clause30.html).
 */
import type { PlanTest } from '../plan/plan.ts';
import { auditVerdictValues, type VerdictRun } from '../publish/audit-checks.ts';
import { checkResultsInsertHead } from '../publish/audit-records.ts';
import { batchedCountQuery, type TestBatch } from '../runner/batched-tests.ts';

/** batchedFailures (lib/runner/batched-tests.ts) over the SQL expression `counted`; a screen's row exists only where it counted none. */
function failuresSql(test: PlanTest, counted: string): string {
  if (test.failureAggregate?.kind === 'screen') return '0';
  return test.limit === undefined ? counted : `case when ${counted} > ${test.limit} then ${test.limit} else ${counted} end`;
}

/** The column's value for the row's test: one value when every test has the same. */
function byTestIndex(values: readonly string[]): string {
  const [first] = values;
  if (first !== undefined && values.every((value) => value === first)) return first;
  return `case tests.test_index ${values.map((value, index) => `when ${index} then ${value}`).join(' ')} end`;
}

/** One `insert … select` of the verdicts of a batch's tests, counted in one scan of `batch.from`. */
export function batchedVerdictInsert(run: VerdictRun, batch: TestBatch): string {
  const expressions = batch.tests.map((test) => {
    if (test.failureAggregate === undefined) throw new Error(`test '${test.name}' has no failure aggregate, so it cannot be counted with others`);
    return test.failureAggregate.expression;
  });
  const rows = batch.tests.map((test, index) => auditVerdictValues(run, test, failuresSql(test, `counted.failures_${index}`)));
  const columns = (rows[0] ?? []).map((_, column) => byTestIndex(rows.map((row) => row[column] ?? 'null')));
  const tests = batch.tests.map((_, index) => `select ${index} as test_index`).join(' union all ');
  const screensFoundNone = batch.tests.flatMap((test, index) =>
    test.failureAggregate?.kind === 'screen' ? [`(tests.test_index <> ${index} or counted.failures_${index} = 0)`] : [],
  );
  return `${checkResultsInsertHead()}
select ${columns.join(',\n       ')}
from (${batchedCountQuery(batch.from, expressions)}
) counted
cross join (${tests}) tests${screensFoundNone.length === 0 ? '' : `\nwhere ${screensFoundNone.join('\n  and ')}`}`;
}
