/**
 * `audit.loaded_files`: which landing files (path, size, modification time) each raw day was
 * last loaded from, on every engine. A day whose files are exactly the recorded ones is skipped,
 * so repeated builds do not re-read unchanged extracts; any added, removed, resized or touched
 * file reloads the whole day (a day is always replaced as a unit). On S3 the modification time is
 * the object's LastModified, which every overwrite changes.
 */
import { AUDIT_SCHEMA } from '../audit/audit-tables.ts';
import { sqlLiteral } from '../sql/literals.ts';
import type { Row } from '../engines/engine.ts';

export const LOADED_FILES_TABLE = `${AUDIT_SCHEMA}.loaded_files`;

/** What identifies one version of a landing file. */
export interface FileStamp {
  /** The landing-relative path, as in `_source_file`. */
  readonly file: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
}

/** The recorded fingerprints of one table's files, by ingest date. */
export type RecordedDays = ReadonlyMap<string, ReadonlySet<string>>;

/** A string literal for the engine the statements go to. */
export type Quote = (value: string) => string;

export function loadedFilesTableStatements(): string[] {
  return [
    `create schema if not exists ${AUDIT_SCHEMA}`,
    `create table if not exists ${LOADED_FILES_TABLE} (
      table_name varchar(256) not null,
      ingest_date date not null,
      source_file varchar(65535) not null,
      size_bytes bigint not null,
      modified_ms double precision not null,
      run_id varchar(64) not null,
      loaded_at timestamp not null
    )`,
  ];
}

function fingerprint(stamp: FileStamp): string {
  return `${stamp.file}\u0000${stamp.sizeBytes}\u0000${stamp.modifiedMs}`;
}

export function recordedDaysQuery(table: string, quote: Quote): string {
  return `select cast(ingest_date as varchar(10)) as ingest_date, source_file, size_bytes, modified_ms
       from ${LOADED_FILES_TABLE} where table_name = ${quote(table)}`;
}

/** Every table's record of one day (`table_name` first), for a step that loads that day's tables together. */
export function recordedDayQuery(ingestDate: string, quote: Quote): string {
  return `select table_name, cast(ingest_date as varchar(10)) as ingest_date, source_file, size_bytes, modified_ms
       from ${LOADED_FILES_TABLE} where ingest_date = cast(${quote(ingestDate)} as date)`;
}

export function recordedDaysFrom(rows: readonly Row[]): RecordedDays {
  const days = new Map<string, Set<string>>();
  for (const row of rows) {
    const day = String(row.ingest_date).slice(0, 10);
    const files = days.get(day) ?? new Set<string>();
    files.add(fingerprint({ file: String(row.source_file), sizeBytes: Number(row.size_bytes), modifiedMs: Number(row.modified_ms) }));
    days.set(day, files);
  }
  return days;
}

export function isUnchanged(recorded: ReadonlySet<string> | undefined, files: readonly FileStamp[]): boolean {
  return recorded !== undefined && recorded.size === files.length && files.every((file) => recorded.has(fingerprint(file)));
}

/** Statements that replace a day's record; run in the day's load transaction. */
export function recordDayStatements(
  table: string,
  ingestDate: string,
  files: readonly FileStamp[],
  context: { readonly runId: string; readonly loadedAt: string },
  quote: Quote,
): string[] {
  return recordDaysStatements(table, [{ ingestDate, files }], context, quote);
}

/**
 * Statements that replace the records of several days of one table, loaded in one transaction:
 * one delete and one insert, whatever the number of days.
 */
export function recordDaysStatements(
  table: string,
  days: readonly { readonly ingestDate: string; readonly files: readonly FileStamp[] }[],
  context: { readonly runId: string; readonly loadedAt: string },
  quote: Quote,
): string[] {
  if (days.length === 0) return [];
  const dates = days.map((day) => `cast(${quote(day.ingestDate)} as date)`);
  const values = days.flatMap((day, index) =>
    day.files.map(
      (file) =>
        `(${quote(table)}, ${dates[index] as string}, ${quote(file.file)}, ${file.sizeBytes}, ${sqlLiteral(file.modifiedMs)}, ${quote(context.runId)}, ${context.loadedAt})`,
    ),
  );
  const which = dates.length === 1 ? `ingest_date = ${dates[0] as string}` : `ingest_date in (${dates.join(', ')})`;
  return [
    `delete from ${LOADED_FILES_TABLE} where table_name = ${quote(table)} and ${which}`,
    ...(values.length > 0 ? [`insert into ${LOADED_FILES_TABLE} values\n${values.join(',\n')}`] : []),
  ];
}
