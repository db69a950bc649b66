/**
 * dbt's freshness verdict for one source table: stale once the newest loaded_at is MORE than a
 * threshold old (exactly at `warn_after` still passes), error_after checked before warn_after, and
 * a table with no loaded_at value at all is an error ("no data"), as dbt reports it.
 */
import type { FreshnessPeriod, FreshnessThreshold, SourceFreshness } from '../plan/plan.ts';

export type FreshnessStatus = 'pass' | 'warn' | 'error';

export interface FreshnessVerdict {
  readonly status: FreshnessStatus;
  /** Seconds from max_loaded_at to the snapshot instant; null without data. */
  readonly ageSeconds: number | null;
  readonly message?: string;
}

const SECONDS_PER: Readonly<Record<FreshnessPeriod, number>> = { minute: 60, hour: 3600, day: 86_400 };

export function thresholdSeconds(threshold: FreshnessThreshold): number {
  return threshold.count * SECONDS_PER[threshold.period];
}

/** `1 day`, `12 hours`: how a threshold reads in messages and in audit.source_freshness. */
export function describeThreshold(threshold: FreshnessThreshold | undefined): string | undefined {
  if (threshold === undefined) return undefined;
  return `${threshold.count} ${threshold.period}${threshold.count === 1 ? '' : 's'}`;
}

export function freshnessVerdict(freshness: SourceFreshness, maxLoadedAt: Date | null, snapshottedAt: Date): FreshnessVerdict {
  if (maxLoadedAt === null) return { status: 'error', ageSeconds: null, message: `no data: ${freshness.loadedAtField} has no value` };
  const ageSeconds = (snapshottedAt.getTime() - maxLoadedAt.getTime()) / 1000;
  const exceeded = (threshold: FreshnessThreshold | undefined): boolean => threshold !== undefined && ageSeconds > thresholdSeconds(threshold);
  const age = `newest ${freshness.loadedAtField} ${maxLoadedAt.toISOString()} is ${describeAge(ageSeconds)} old`;
  if (exceeded(freshness.errorAfter)) return { status: 'error', ageSeconds, message: `${age}, more than error_after ${describeThreshold(freshness.errorAfter)}` };
  if (exceeded(freshness.warnAfter)) return { status: 'warn', ageSeconds, message: `${age}, more than warn_after ${describeThreshold(freshness.warnAfter)}` };
  return { status: 'pass', ageSeconds };
}

/** Whole hours as hours, anything else in seconds, so that a second past a threshold shows. */
function describeAge(seconds: number): string {
  const hours = seconds / 3600;
  return Number.isInteger(hours) ? `${hours} h` : `${seconds} s`;
}
