/**
 * Retries of Data API calls that the service refused for load, not for their content:
 * throttling (`ThrottlingException`), too many statements or sessions in flight
 * (`ActiveStatementsExceededException`, `ActiveSessionsExceededException`), and server-side
 * faults (5xx), and connections that broke or timed out on the way. Delays grow exponentially with full jitter (a random delay between 0 and the
 * capped exponential), so concurrent callers that were throttled together do not retry together.
 * Attempts are bounded; the last refusal is surfaced with the number of attempts made.
 *
 * Retrying a submission is safe: the engine sends the same ClientToken on every attempt, which
 * the Data API uses to run the statement at most once.
 */

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1); injectable so tests can pin the jitter. */
  readonly random: () => number;
}

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'ActiveStatementsExceededException',
  'ActiveSessionsExceededException',
  'TooManyRequestsException',
  'InternalServerException',
  'ServiceUnavailableException',
]);

/** Transient network failures, as the SDK's own retry strategy counts them. */
const NETWORK_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

interface ServiceErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const shape = error as ServiceErrorShape;
  if (typeof shape.name === 'string' && (RETRYABLE_NAMES.has(shape.name) || shape.name === 'TimeoutError')) return true;
  if (typeof shape.code === 'string' && NETWORK_ERROR_CODES.has(shape.code)) return true;
  if (shape.$fault === 'server' || shape.$retryable !== undefined) return true;
  const status = shape.$metadata?.httpStatusCode;
  return typeof status === 'number' && (status >= 500 || status === 429);
}

export class RetriesExhaustedError extends Error {
  constructor(
    readonly operation: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    const name = cause instanceof Error ? cause.name : 'Error';
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Redshift Data API ${operation} was refused ${attempts} times in a row (${name}: ${reason}); gave up`, { cause });
    this.name = 'RetriesExhaustedError';
  }
}

/** The delay before retry number `retry` (1 for the first retry). */
export function backoffDelay(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * ceiling);
}

export async function withRetries<T>(operation: string, call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= policy.maxAttempts) throw new RetriesExhaustedError(operation, attempt, error);
      await policy.sleep(backoffDelay(policy, attempt));
    }
  }
}
