/**
 * Waits for a submitted statement by polling DescribeStatement, the interval doubling from
 * `pollIntervalMs` up to `maxPollIntervalMs` (short statements answer fast, long ones are not
 * polled needlessly often). FINISHED returns the description; FAILED and ABORTED throw; a
 * statement still running at `statementTimeoutMs` is cancelled with CancelStatement, then
 * followed until it stops, because a cancel can lose the race against a commit: if it finished
 * anyway, it finished.
 */
import { CancelStatementCommand, DescribeStatementCommand } from '@aws-sdk/client-redshift-data';
import type { DescribeStatementResponse, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { withRetries } from './retry-policy.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { RedshiftStatementError, StatementAbortedError, StatementTimeoutError, failedStatementError } from './statement-errors.ts';
import type { Submitted } from './statement-errors.ts';

export interface WaitOptions {
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  readonly statementTimeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly retry: RetryPolicy;
}

/** Polls after a cancel before giving up on seeing the statement stop. */
const POLLS_AFTER_CANCEL = 10;

type Outcome = { readonly done: true; readonly described: DescribeStatementResponse } | { readonly done: false };

export async function waitForStatement(
  client: RedshiftDataClient,
  submitted: Submitted,
  options: WaitOptions,
): Promise<DescribeStatementResponse> {
  const started = options.now();
  let interval = options.pollIntervalMs;
  for (;;) {
    const outcome = await describe(client, submitted, options);
    if (outcome.done) return outcome.described;
    if (options.now() - started >= options.statementTimeoutMs) return cancelAfterTimeout(client, submitted, options);
    await options.sleep(interval);
    interval = Math.min(interval * 2, options.maxPollIntervalMs);
  }
}

async function describe(client: RedshiftDataClient, submitted: Submitted, options: WaitOptions): Promise<Outcome> {
  const described = await withRetries(
    'DescribeStatement',
    () => client.send(new DescribeStatementCommand({ Id: submitted.id })),
    options.retry,
  );
  switch (described.Status) {
    case 'FINISHED':
      return { done: true, described };
    case 'FAILED':
      throw failedStatementError(submitted, described.Error, described.SubStatements ?? []);
    case 'ABORTED':
      throw new StatementAbortedError(submitted, described.Error);
    default:
      // SUBMITTED, PICKED, STARTED: still on its way.
      return { done: false };
  }
}

async function cancelAfterTimeout(
  client: RedshiftDataClient,
  submitted: Submitted,
  options: WaitOptions,
): Promise<DescribeStatementResponse> {
  let cancelFailure: unknown;
  try {
    await withRetries('CancelStatement', () => client.send(new CancelStatementCommand({ Id: submitted.id })), options.retry);
  } catch (error) {
    cancelFailure = error;
  }
  for (let poll = 0; poll < POLLS_AFTER_CANCEL; poll += 1) {
    try {
      const outcome = await describe(client, submitted, options);
      if (outcome.done) return outcome.described;
    } catch (error) {
      // Stopped by the cancel (Redshift reports ABORTED, or FAILED with a cancel message).
      if (error instanceof StatementAbortedError || error instanceof RedshiftStatementError) break;
      throw error;
    }
    await options.sleep(options.maxPollIntervalMs);
  }
  throw new StatementTimeoutError(submitted, options.statementTimeoutMs, cancelFailure);
}
