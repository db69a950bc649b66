/**
 * The Redshift engine's options, their defaults, and their validation (every problem collected
 * and reported at once).
 */
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';

export interface RedshiftDataEngineOptions {
  /** The Redshift Serverless workgroup (name or ARN). */
  readonly workgroupName: string;
  /** The database to connect to. */
  readonly database: string;
  /** A client to use (tests, custom credentials). @default a client built from `region` and `endpoint` */
  readonly client?: RedshiftDataClient;
  /** Secrets Manager secret with database credentials. @default none: IAM temporary credentials */
  readonly secretArn?: string;
  /** @default the SDK's region resolution (AWS_REGION, profile) */
  readonly region?: string;
  /** Another Data API endpoint, e.g. the local one in lib/data-api-endpoint. @default AWS's */
  readonly endpoint?: string;
  /** Calls in flight at once. @default 4 */
  readonly concurrency?: number;
  /** First DescribeStatement poll interval; it doubles up to `maxPollIntervalMs`. @default 250 */
  readonly pollIntervalMs?: number;
  /** @default 5000 */
  readonly maxPollIntervalMs?: number;
  /** A statement (or transaction) still running after this long is cancelled. @default 1_800_000 (30 minutes) */
  readonly statementTimeoutMs?: number;
  /** Attempts per Data API call refused by throttling or a server fault, the first included. @default 8 */
  readonly maxAttempts?: number;
  /** Ceiling of the first retry's jittered delay; it doubles per retry. @default 250 */
  readonly retryBaseDelayMs?: number;
  /** @default 20_000 */
  readonly maxRetryDelayMs?: number;
  /** Injectable for tests. @default a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Milliseconds clock, injectable for tests. @default Date.now */
  readonly now?: () => number;
  /** Jitter source in [0, 1), injectable for tests. @default Math.random */
  readonly random?: () => number;
}

export type ResolvedEngineOptions = Required<
  Omit<RedshiftDataEngineOptions, 'client' | 'secretArn' | 'region' | 'endpoint'>
> &
  Pick<RedshiftDataEngineOptions, 'client' | 'secretArn' | 'region' | 'endpoint'>;

export function defaultEngineOptions(): Omit<ResolvedEngineOptions, 'workgroupName' | 'database'> {
  return {
    concurrency: 4,
    pollIntervalMs: 250,
    maxPollIntervalMs: 5000,
    statementTimeoutMs: 30 * 60 * 1000,
    maxAttempts: 8,
    retryBaseDelayMs: 250,
    maxRetryDelayMs: 20_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
    random: Math.random,
  };
}

export function resolveEngineOptions(options: RedshiftDataEngineOptions): ResolvedEngineOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved = { ...defaultEngineOptions(), ...defined } as ResolvedEngineOptions;
  const problems: string[] = [];
  if (typeof resolved.workgroupName !== 'string' || resolved.workgroupName.trim() === '') problems.push('workgroupName is required');
  if (typeof resolved.database !== 'string' || resolved.database.trim() === '') problems.push('database is required');
  if (options.client !== undefined && (options.region !== undefined || options.endpoint !== undefined)) {
    problems.push('region and endpoint configure the client the engine builds; with a client given, set them on that client');
  }
  const wholeAtLeastOne = ['concurrency', 'maxAttempts'] as const;
  for (const name of wholeAtLeastOne) {
    if (!Number.isInteger(resolved[name]) || resolved[name] < 1) problems.push(`${name} must be a whole number of 1 or more, got ${resolved[name]}`);
  }
  const positive = ['pollIntervalMs', 'maxPollIntervalMs', 'statementTimeoutMs', 'retryBaseDelayMs', 'maxRetryDelayMs'] as const;
  for (const name of positive) {
    if (!(resolved[name] > 0)) problems.push(`${name} must be more than 0 milliseconds, got ${resolved[name]}`);
  }
  if (resolved.maxPollIntervalMs < resolved.pollIntervalMs) {
    problems.push(`maxPollIntervalMs (${resolved.maxPollIntervalMs}) must not be less than pollIntervalMs (${resolved.pollIntervalMs})`);
  }
  if (resolved.maxRetryDelayMs < resolved.retryBaseDelayMs) {
    problems.push(`maxRetryDelayMs (${resolved.maxRetryDelayMs}) must not be less than retryBaseDelayMs (${resolved.retryBaseDelayMs})`);
  }
  if (problems.length > 0) throw new Error(`invalid Redshift engine options:\n- ${problems.join('\n- ')}`);
  return resolved;
}
