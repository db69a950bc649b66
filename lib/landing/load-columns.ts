/** The columns every loader adds to each raw row, after the contract's own. */
import type { PlanColumn, PlanSource } from '../plan/plan.ts';

export const LOAD_COLUMNS: readonly PlanColumn[] = [
  { name: '_ingest_date', dataType: 'date' },
  { name: '_source_file', dataType: 'varchar' },
  { name: '_loaded_at', dataType: 'timestamp' },
];

/** `_source_file` is varchar(1024) bytes on Redshift: a longer landing path is refused everywhere. */
export const MAX_SOURCE_FILE_BYTES = 1024;

/** A contract column without a declared type is loaded as text rather than guessed. */
export function columnType(column: PlanColumn): string {
  return column.dataType ?? 'varchar';
}

/** A raw table's columns: the contract's, then the load columns. */
export function rawColumns(source: PlanSource): readonly PlanColumn[] {
  return [...source.columns, ...LOAD_COLUMNS];
}

/**
 * A contract timestamp without a zone: stored as UTC. A value written with a numeric offset is
 * converted to UTC on every engine (utc-timestamps.ts), not read with its offset dropped.
 */
export function isUtcTimestampType(dataType: string): boolean {
  return /^(timestamp|datetime|timestamp without time zone)$/.test(dataType.trim().toLowerCase().replace(/\s+/g, ' '));
}
