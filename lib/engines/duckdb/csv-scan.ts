/**
 * The DuckDB `read_csv` scan of one group of landing files that share a header (and may come
 * from several days of one table). Everything the contract fixes is stated rather than sniffed
 * (comma, `"` quoting and escaping, a header row, empty field = NULL, compression), so a file's
 * content cannot change how it is parsed. Rows that do not
 * parse land in the scan's own reject tables (`store_rejects`): DuckDB keeps those per
 * connection and appends to them across scans, so every scan gets freshly named ones.
 *
 * Timestamps are read as TIMESTAMP, not TIMESTAMPTZ: DuckDB rejects an unparseable TIMESTAMP
 * but turns an unparseable TIMESTAMPTZ into NULL without a word (a pitfall of DuckDB 1.5, tested in test/engines/duckdb). TIMESTAMP
 * accepts `2026-11-24T10:15:00Z` and `2026-11-24 10:15:00`; it would drop a numeric UTC offset,
 * so a file holding one is read from a copy with those values in UTC (offset-rewrite.ts).
 */
import { quoteIdentifier } from '../../sql/identifiers.ts';
import { sqlString } from '../../sql/literals.ts';
import type { FileGroup } from '../../landing/file-groups.ts';
import type { LandingFile } from '../../landing/local-landing.ts';

export interface RejectTables {
  readonly scans: string;
  readonly errors: string;
}

/** The column read_csv's `filename` option adds; a name no producer column will have. */
const FILE_COLUMN = '__landing_file';

/** Maps DuckDB's file path column back to the landing-relative path recorded everywhere else. */
export function relativePathCase(column: string, files: readonly LandingFile[]): string {
  const branches = files.map((file) => `when ${sqlString(file.path)} then ${sqlString(file.relativePath)}`);
  return `case ${column} ${branches.join(' ')} else ${column} end`;
}

/** Maps DuckDB's file path column to the ingest date of the file's day folder. */
export function ingestDateCase(column: string, files: readonly LandingFile[]): string {
  const branches = files.map((file) => `when ${sqlString(file.path)} then date ${sqlString(file.ingestDate)}`);
  return `case ${column} ${branches.join(' ')} end`;
}

/**
 * read_csv globs every path it is given, so a file named `x*.csv` would also read its neighbours.
 * Each glob character is put in a one-character class (`[*]`), which matches only itself; the
 * scan's `filename` column still gives the real path.
 */
export function literalGlob(path: string): string {
  return path.replace(/[*?[]/g, (char) => `[${char}]`);
}

export function readCsvCall(group: FileGroup, rejects: RejectTables): string {
  const paths = group.files.map((file) => sqlString(literalGlob(file.path))).join(', ');
  const columns = group.columns.map((column) => `${sqlString(column.name)}: ${sqlString(column.type)}`).join(', ');
  return `read_csv([${paths}],
      header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
      compression = ${group.gzip ? "'gzip'" : "'none'"},
      columns = {${columns}},
      filename = ${sqlString(FILE_COLUMN)},
      store_rejects = true, rejects_scan = ${sqlString(rejects.scans)}, rejects_table = ${sqlString(rejects.errors)})`;
}

/** Appends the group's good rows, with their load columns, to `target` (a raw table). */
export function scanIntoStatement(
  target: string,
  contractColumns: readonly string[],
  group: FileGroup,
  rejects: RejectTables,
  loadedAt: string,
): string {
  const selected = contractColumns.map(quoteIdentifier);
  const columns = [...selected, '_ingest_date', '_source_file', '_loaded_at'];
  return `insert into ${target} (${columns.join(', ')})
    select ${selected.join(', ')},
      ${ingestDateCase(FILE_COLUMN, group.files)},
      ${relativePathCase(FILE_COLUMN, group.files)},
      ${loadedAt}
    from ${readCsvCall(group, rejects)}`;
}
