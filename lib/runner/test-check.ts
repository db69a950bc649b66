/**
 * Runs one data test query: the query returns the failing rows, so the test's result is how
 * many there are, plus a few of them to show a reader what is wrong.
 */
import type { Engine, Row } from '../engines/engine.ts';
import type { Severity } from '../plan/plan.ts';
import { failureCountQuery, failureSampleQuery } from '../publish/audit-checks.ts';
import { errorMessage } from './error-message.ts';

export type TestStatus = 'pass' | 'warn' | 'fail' | 'error';

export interface TestCheck {
  readonly status: TestStatus;
  readonly failures: number;
  /** Up to SAMPLE_SIZE failing rows; empty when the test passed or errored. */
  readonly sample: readonly Row[];
  readonly message?: string;
}

export const SAMPLE_SIZE = 5;

export async function checkTest(engine: Engine, sql: string, severity: Severity): Promise<TestCheck> {
  try {
    const [counted] = await engine.query(failureCountQuery(sql));
    const failures = Number(counted?.failures ?? 0);
    if (failures === 0) return { status: 'pass', failures, sample: [] };
    const sample = await engine.query(failureSampleQuery(sql, SAMPLE_SIZE));
    const status = severity === 'warn' ? 'warn' : 'fail';
    return {
      status,
      failures,
      sample,
      message: `Got ${failures} ${failures === 1 ? 'result' : 'results'}, configured to ${status} if != 0`,
    };
  } catch (error) {
    return { status: 'error', failures: 0, sample: [], message: errorMessage(error) };
  }
}
