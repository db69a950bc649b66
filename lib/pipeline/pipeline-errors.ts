/**
 * The step Lambdas' typed errors. Step Functions matches a Catch or Retry on the error's `name`
 * (the Lambda runtime reports it as the error type), so every class sets `name` to one of
 * PIPELINE_ERRORS, and SDK failures are translated here, in one place: load-related refusals
 * (throttling, too many statements, 5xx) become retryable PipelineThrottled/PipelineTransient,
 * everything else passes through unchanged and fails the run.
 */
import { isRetryable } from '../engines/redshift-data/retry-policy.ts';
import { PIPELINE_ERRORS } from './pipeline-contract.ts';

export class PipelineError extends Error {
  constructor(name: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }
}

export class RunInputError extends PipelineError {
  constructor(readonly problems: readonly string[]) {
    super(PIPELINE_ERRORS.invalidInput, `the execution input is invalid:\n- ${problems.join('\n- ')}`);
  }
}

export class RunAlreadyInProgressError extends PipelineError {
  constructor(readonly otherExecutionArn: string, startedAt: string) {
    super(
      PIPELINE_ERRORS.runInProgress,
      `another run of this pipeline is in progress (${otherExecutionArn}, started ${startedAt}); ` +
        'this one stopped before touching the warehouse. Start it again once that run has ended.',
    );
  }
}

export class StatementFailedError extends PipelineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(PIPELINE_ERRORS.statementFailed, message, options);
  }
}

export class QualityChecksFailedError extends PipelineError {
  constructor(readonly failedTests: readonly string[]) {
    super(
      PIPELINE_ERRORS.qualityChecksFailed,
      `${failedTests.length} error-severity data ${failedTests.length === 1 ? 'check' : 'checks'} failed, so nothing was published ` +
        `(the warehouse is as it was; see audit.check_results): ${failedTests.join(', ')}`,
    );
  }
}

export class LoadBudgetError extends PipelineError {
  constructor(message: string) {
    super(PIPELINE_ERRORS.loadBudgetExceeded, message);
  }
}

/**
 * Refusals for load. The Data API models ActiveStatementsExceeded and ActiveSessionsExceeded
 * (submits) and ActiveWaitingRequestsExceeded (DescribeStatement, GetStatementResult); the
 * others are the generic throttling names of the other services the steps call (Step Functions,
 * S3), which the SDK reports under the service's error code.
 */
const THROTTLING_NAMES = new Set([
  'ActiveStatementsExceededException',
  'ActiveSessionsExceededException',
  'ActiveWaitingRequestsExceededException',
  'ThrottlingException',
  'TooManyRequestsException',
  'SlowDown',
  'Throttling',
]);

/** The error to throw for a failed AWS SDK call: retryable ones renamed for the state machine's Retry. */
export function translateServiceError(error: unknown, operation: string): unknown {
  if (!isRetryable(error) && !(error instanceof Error && THROTTLING_NAMES.has(error.name))) return error;
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const kind = THROTTLING_NAMES.has(name) ? PIPELINE_ERRORS.throttled : PIPELINE_ERRORS.transient;
  return new PipelineError(kind, `${operation} was refused (${name}: ${message}); the state machine retries it`, { cause: error });
}

/** Runs an AWS SDK call, translating its failure. */
export async function serviceCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateServiceError(error, operation);
  }
}
