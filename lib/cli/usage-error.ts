/** A command line that cannot run as given (a bad option value): exit code 2, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
