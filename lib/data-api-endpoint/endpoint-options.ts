import type { PGlite } from '@electric-sql/pglite';

export interface DataApiEndpointOptions {
  /** TCP port; 0 picks any free port. @default 0 */
  readonly port?: number;
  /** Loopback only: the endpoint checks no signature and must never be reachable from elsewhere. @default '127.0.0.1' */
  readonly host?: '127.0.0.1';
  /** Local folder standing in for S3: `s3://bucket/key` is `<s3Root>/bucket/key`. @default none (COPY fails) */
  readonly s3Root?: string;
  /**
   * The database: an open PGlite instance (left open on close) or a data directory (opened and
   * closed by the endpoint). @default a new in-memory database
   */
  readonly database?: PGlite | string;
  /** Records per GetStatementResult page. @default 1000 */
  readonly pageSizeRows?: number;
  /** Milliseconds each statement stays STARTED before it executes, to observe statuses. @default 0 */
  readonly statementDelayMs?: number;
  /** Statements that may be SUBMITTED or running at once before ActiveStatementsExceededException. @default 200 */
  readonly maxActiveStatements?: number;
}

export interface ResolvedEndpointOptions {
  readonly port: number;
  readonly host: '127.0.0.1';
  readonly s3Root?: string;
  readonly database?: PGlite | string;
  readonly pageSizeRows: number;
  readonly statementDelayMs: number;
  readonly maxActiveStatements: number;
}

export function defaultEndpointOptions(): Omit<ResolvedEndpointOptions, 's3Root' | 'database'> {
  return { port: 0, host: '127.0.0.1', pageSizeRows: 1000, statementDelayMs: 0, maxActiveStatements: 200 };
}

/** Merges the defaults and validates every option, reporting all problems at once. */
export function resolveEndpointOptions(options: DataApiEndpointOptions): ResolvedEndpointOptions {
  const resolved = { ...defaultEndpointOptions(), ...withoutUndefined(options) };
  const problems: string[] = [];
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65_535) {
    problems.push(`port must be a whole number from 0 to 65535, got ${resolved.port}`);
  }
  if (resolved.host !== '127.0.0.1') problems.push(`host must be 127.0.0.1 (loopback only), got ${String(resolved.host)}`);
  if (!Number.isInteger(resolved.pageSizeRows) || resolved.pageSizeRows < 1) {
    problems.push(`pageSizeRows must be a whole number of at least 1, got ${resolved.pageSizeRows}`);
  }
  if (!Number.isFinite(resolved.statementDelayMs) || resolved.statementDelayMs < 0) {
    problems.push(`statementDelayMs must be 0 or more, got ${resolved.statementDelayMs}`);
  }
  if (!Number.isInteger(resolved.maxActiveStatements) || resolved.maxActiveStatements < 1) {
    problems.push(`maxActiveStatements must be a whole number of at least 1, got ${resolved.maxActiveStatements}`);
  }
  if (problems.length > 0) throw new Error(`invalid Data API endpoint options:\n- ${problems.join('\n- ')}`);
  return resolved;
}

function withoutUndefined(options: DataApiEndpointOptions): DataApiEndpointOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
