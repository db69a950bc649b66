/**
 * Which raw days are unchanged since their last load, from `audit.loaded_files` (the table and
 * the statements that fill it are shared with the DuckDB loader, loaded-files.ts): a day is
 * skipped when its files are exactly the recorded ones, by path, size and modification time.
 */
import { sqlString } from '../../sql/literals.ts';
import { LOADED_FILES_TABLE } from '../duckdb/loaded-files.ts';
import type { LandingFile } from '../duckdb/landing-files.ts';
import type { PostgresSession } from './postgres-session.ts';

type Fingerprinted = Pick<LandingFile, 'relativePath' | 'sizeBytes' | 'modifiedMs'>;

function fingerprint(file: Fingerprinted): string {
  return `${file.relativePath}\u0000${file.sizeBytes}\u0000${file.modifiedMs}`;
}

/** The recorded file fingerprints of one table, by ingest date. */
export async function recordedDays(session: PostgresSession, table: string): Promise<Map<string, Set<string>>> {
  const rows = await session.query(
    `select cast(ingest_date as text) as ingest_date, source_file, size_bytes, modified_ms
       from ${LOADED_FILES_TABLE} where table_name = ${sqlString(table)}`,
  );
  const days = new Map<string, Set<string>>();
  for (const row of rows) {
    const day = String(row.ingest_date);
    const files = days.get(day) ?? new Set<string>();
    files.add(fingerprint({ relativePath: String(row.source_file), sizeBytes: Number(row.size_bytes), modifiedMs: Number(row.modified_ms) }));
    days.set(day, files);
  }
  return days;
}

export function isUnchanged(recorded: Set<string> | undefined, files: readonly Fingerprinted[]): boolean {
  return recorded !== undefined && recorded.size === files.length && files.every((file) => recorded.has(fingerprint(file)));
}
