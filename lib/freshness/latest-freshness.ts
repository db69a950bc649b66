/** The latest audit.source_freshness row of each source table, as the docs site shows it. */
import { AUDIT_TABLES } from '../audit/audit-tables.ts';
import type { Row } from '../engines/engine.ts';

export interface LatestFreshness {
  readonly sourceId: string;
  readonly status: string;
  readonly loadedAtField: string;
  readonly maxLoadedAt: string | null;
  readonly snapshottedAt: string;
  readonly ageSeconds: number | null;
  readonly warnAfter: string | null;
  readonly errorAfter: string | null;
  readonly message: string | null;
  readonly checkedAt: string;
  readonly runId: string;
}

// The newest check per table; a run id breaks a tie of timestamps.
export const LATEST_FRESHNESS_SQL = `select source_id, status, loaded_at_field, max_loaded_at, snapshotted_at, age_seconds, warn_after, error_after, message, checked_at, run_id
from (
    select
        *,
        row_number() over (partition by source_id order by checked_at desc, run_id desc) as recency
    from ${AUDIT_TABLES.sourceFreshness}
) as ranked
where recency = 1`;

const text = (value: Row[string] | undefined): string | null => (value === null || value === undefined ? null : String(value));

export function latestFreshnessBySource(rows: readonly Row[]): Map<string, LatestFreshness> {
  return new Map(
    rows.map((row) => [
      String(row.source_id),
      {
        sourceId: String(row.source_id),
        status: String(row.status),
        loadedAtField: String(row.loaded_at_field),
        maxLoadedAt: text(row.max_loaded_at),
        snapshottedAt: String(row.snapshotted_at),
        ageSeconds: row.age_seconds === null || row.age_seconds === undefined ? null : Number(row.age_seconds),
        warnAfter: text(row.warn_after),
        errorAfter: text(row.error_after),
        message: text(row.message),
        checkedAt: String(row.checked_at),
        runId: String(row.run_id),
      },
    ]),
  );
}
