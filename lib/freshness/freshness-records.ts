/** The rows a freshness check appends to audit.source_freshness, quoted for the target engine. */
import { AUDIT_TABLES } from '../audit/audit-tables.ts';
import type { TargetName } from '../plan/plan.ts';
import { sqlLiteral, sqlTimestamp } from '../sql/literals.ts';

/** dbt's statuses; `runtime error` is a check whose query failed (a missing table, say). */
export type FreshnessResultStatus = 'pass' | 'warn' | 'error' | 'runtime error';

export interface FreshnessResult {
  readonly sourceId: string;
  /** `crm.deals` */
  readonly name: string;
  readonly loadedAtField: string;
  readonly maxLoadedAt: Date | null;
  readonly snapshottedAt: Date;
  readonly ageSeconds: number | null;
  readonly warnAfter?: string;
  readonly errorAfter?: string;
  readonly status: FreshnessResultStatus;
  readonly message?: string;
  readonly seconds: number;
  readonly checkedAt: Date;
}

/** One INSERT for every result of a check (a handful of rows: one per source table). */
export function freshnessInsert(runId: string, results: readonly FreshnessResult[], target: TargetName): string {
  const literal = (value: string | number | null | undefined): string => sqlLiteral(value, target);
  const rows = results.map((result) =>
    [
      literal(runId),
      literal(result.sourceId),
      literal(result.loadedAtField),
      result.maxLoadedAt === null ? 'null' : sqlTimestamp(result.maxLoadedAt),
      sqlTimestamp(result.snapshottedAt),
      literal(result.ageSeconds),
      literal(result.warnAfter),
      literal(result.errorAfter),
      literal(result.status),
      literal(result.message),
      sqlTimestamp(result.checkedAt),
    ].join(', '),
  );
  return `insert into ${AUDIT_TABLES.sourceFreshness}
  (run_id, source_id, loaded_at_field, max_loaded_at, snapshotted_at, age_seconds, warn_after, error_after, status, message, checked_at)
values ${rows.map((values) => `(${values})`).join(',\n       ')}`;
}
