/**
 * The session's temporary tables a load works in, one set per raw table being loaded:
 * - `load_files`: the day's landing files, numbered (rows carry the number, not the path).
 * - `load_rows`: every well-formed record, each field as text, with its line and raw text.
 * - `load_rejects`: the rows that will not load (malformed records, whole files refused,
 *   values that do not parse as their contract type), as audit.load_errors rows to be.
 * They keep their rows across the day's commit and are emptied at the start of every day.
 */
import { quoteIdentifier } from '../../sql/identifiers.ts';

export const LOAD_FILES = 'pg_temp.load_files';
export const LOAD_ROWS = 'pg_temp.load_rows';
export const LOAD_REJECTS = 'pg_temp.load_rejects';

/** The load_rows columns that precede the contract columns, in COPY order. */
export const ROW_KEY_COLUMNS = ['file_index', 'line_number', 'raw_text'] as const;
/** The load_rejects columns, in COPY order. */
export const REJECT_COLUMNS = ['file_index', 'line_number', 'column_name', 'column_position', 'raw_text', 'reason'] as const;

export function createWorkTablesStatements(contractColumns: readonly string[]): string[] {
  const fields = contractColumns.map((name) => `${quoteIdentifier(name)} text`).join(', ');
  return [
    ...dropWorkTablesStatements(),
    'create temp table load_files (file_index integer not null, source_file text not null, ingest_date date not null)',
    `create temp table load_rows (file_index integer not null, line_number bigint not null, raw_text text not null, ${fields})`,
    `create temp table load_rejects (
      file_index integer not null,
      line_number bigint not null,
      column_name text,
      column_position integer not null,
      raw_text text not null,
      reason text not null
    )`,
  ];
}

export function dropWorkTablesStatements(): string[] {
  return [LOAD_FILES, LOAD_ROWS, LOAD_REJECTS].map((table) => `drop table if exists ${table}`);
}

export function emptyWorkTablesStatement(): string {
  return `truncate ${LOAD_FILES}, ${LOAD_ROWS}, ${LOAD_REJECTS}`;
}
