/**
 * Runs one data test query: the query returns the failing rows, so the test's result is how
 * many there are (judged by its warn_if / error_if), plus a few of them to show a reader what is
 * wrong. A test that stores its failures replaces its table first and is counted from it. A test
 * counted with others of its relation (batched-tests.ts) is judged and sampled here the same way.
 */
import type { Engine, Row } from '../engines/engine.ts';
import {
  countedRows,
  failureSampleQuery,
  storeFailuresStatements,
  testVerdict,
  verdictMessage,
  type JudgedTest,
} from '../publish/audit-checks.ts';
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

export async function checkTest(engine: Engine, sql: string, test: JudgedTest): Promise<TestCheck> {
  try {
    await storeFailures(engine, sql, test);
    if (engine.countWithSample !== undefined) {
      const { count, sample } = await engine.countWithSample(`select * from ${countedRows(test, sql)}`, SAMPLE_SIZE);
      const status = testVerdict(test, count);
      return status === 'pass' ? { status, failures: count, sample: [] } : { status, failures: count, sample, message: verdictMessage(test, count, status) };
    }
    const [counted] = await engine.query(`select count(*) as failures from ${countedRows(test, sql)}`);
    return await judged(engine, sql, test, Number(counted?.failures ?? 0));
  } catch (error) {
    return errored(error);
  }
}

/** Replaces the table of a test that stores its failures with its failing rows; nothing for another test. */
export async function storeFailures(engine: Engine, sql: string, test: JudgedTest): Promise<void> {
  const store = storeFailuresStatements(test, sql);
  if (store === undefined) return;
  // Another test may be creating the same schema right now; if it truly cannot be created, replacing the table says why.
  await engine.execute(store.schema).catch(() => undefined);
  await engine.transaction(store.replace);
}

/** The check of a test whose failing rows were counted elsewhere (lib/runner/batched-tests.ts): its verdict, and a sample unless it passed. */
export async function judgeCount(engine: Engine, sql: string, test: JudgedTest, failures: number): Promise<TestCheck> {
  try {
    return await judged(engine, sql, test, failures);
  } catch (error) {
    return errored(error);
  }
}

async function judged(engine: Engine, sql: string, test: JudgedTest, failures: number): Promise<TestCheck> {
  const status = testVerdict(test, failures);
  if (status === 'pass') return { status, failures, sample: [] };
  const sample = failures === 0 ? [] : await engine.query(failureSampleQuery(`select * from ${countedRows(test, sql)}`, SAMPLE_SIZE));
  return { status, failures, sample, message: verdictMessage(test, failures, status) };
}

function errored(error: unknown): TestCheck {
  return { status: 'error', failures: 0, sample: [], message: errorMessage(error) };
}
