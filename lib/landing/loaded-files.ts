/**
 * `audit.loaded_files`: which landing files (path, size, modification time) each raw day was
 * last loaded from. A day whose files are exactly the recorded ones is skipped, so repeated
 * builds do not re-read unchanged extracts; any added, removed, resized or touched file reloads
 * the whole day (a day is always replaced as a unit).
 */
import { AUDIT_SCHEMA } from '../../audit/audit-tables.ts';
import { sqlLiteral, sqlString } from '../../sql/literals.ts';
import type { DuckDbConnection } from './duckdb-connection.ts';
import type { LandingFile } from './landing-files.ts';

export const LOADED_FILES_TABLE = `${AUDIT_SCHEMA}.loaded_files`;

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

function fingerprint(file: Pick<LandingFile, 'relativePath' | 'sizeBytes' | 'modifiedMs'>): string {
  return `${file.relativePath}\u0000${file.sizeBytes}\u0000${file.modifiedMs}`;
}

/** The recorded file fingerprints of one table, by ingest date. */
export async function recordedDays(connection: DuckDbConnection, table: string): Promise<Map<string, Set<string>>> {
  const rows = await connection.query(
    `select cast(ingest_date as varchar) as ingest_date, source_file, size_bytes, modified_ms
       from ${LOADED_FILES_TABLE} where table_name = ${sqlString(table)}`,
  );
  const days = new Map<string, Set<string>>();
  for (const row of rows) {
    const day = String(row.ingest_date);
    const files = days.get(day) ?? new Set<string>();
    files.add(
      fingerprint({
        relativePath: String(row.source_file),
        sizeBytes: Number(row.size_bytes),
        modifiedMs: Number(row.modified_ms),
      }),
    );
    days.set(day, files);
  }
  return days;
}

export function isUnchanged(recorded: Set<string> | undefined, files: readonly LandingFile[]): boolean {
  return recorded !== undefined && recorded.size === files.length && files.every((file) => recorded.has(fingerprint(file)));
}

/** Statements that replace a day's record; run in the day's load transaction. */
export function recordDayStatements(
  table: string,
  ingestDate: string,
  files: readonly LandingFile[],
  runId: string,
  loadedAt: string,
): string[] {
  const day = `date ${sqlString(ingestDate)}`;
  const values = files.map(
    (file) =>
      `(${sqlString(table)}, ${day}, ${sqlString(file.relativePath)}, ${file.sizeBytes}, ${sqlLiteral(file.modifiedMs)}, ${sqlString(runId)}, ${loadedAt})`,
  );
  return [
    `delete from ${LOADED_FILES_TABLE} where table_name = ${sqlString(table)} and ingest_date = ${day}`,
    ...(values.length > 0 ? [`insert into ${LOADED_FILES_TABLE} values\n${values.join(',\n')}`] : []),
  ];
}
