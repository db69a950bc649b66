/**
 * Rows the loader could not take, as `audit.load_errors` rows (docs/architecture.md, "Runs, safety and
 * history"): file relative to the landing folder, line, column, raw text and reason.
 *
 * `line_number` is DuckDB's record number with the header as line 1: the physical line unless
 * an earlier quoted value spans lines. An unterminated quote runs, as RFC 4180 says, to the end
 * of the file, so it is one rejected row whose raw text is the rest of the file.
 */
import { AUDIT_TABLES } from '../../audit/audit-tables.ts';
import { sqlLiteral, sqlString } from '../../sql/literals.ts';
import { ingestDateCase, relativePathCase } from './csv-scan.ts';
import type { RejectTables } from './csv-scan.ts';
import type { RejectedFile } from '../../landing/file-groups.ts';
import type { LandingFile } from '../../landing/local-landing.ts';

/** Redshift's longest varchar: the audit table is portable DDL. */
const MAX_TEXT = 65535;

export interface LoadContext {
  readonly runId: string;
  readonly table: string;
  readonly loadedAt: string;
}

/** One scan's reject tables and the landing files it read. */
export interface ScanRejects {
  readonly tables: RejectTables;
  readonly files: readonly LandingFile[];
}

function rejectedRows(scan: ScanRejects): string {
  return `select ${relativePathCase('scans.file_path', scan.files)} as source_file,
      ${ingestDateCase('scans.file_path', scan.files)} as ingest_date, errors.*
    from ${scan.tables.errors} as errors
    join ${scan.tables.scans} as scans on scans.scan_id = errors.scan_id and scans.file_id = errors.file_id`;
}

/** Rejected rows per landing file (a row with several bad values counts once), as `source_file, rejected`. */
export function rejectCountsSelect(scan: ScanRejects): string {
  return `select source_file, count(distinct line) as rejected
       from (${rejectedRows(scan)}) group by source_file`;
}

/** Appends the rejected rows of every scan to audit.load_errors, in one statement. */
export function recordRejectsStatement(context: LoadContext, scans: readonly ScanRejects[]): string {
  return `insert into ${AUDIT_TABLES.loadErrors}
    select ${sqlString(context.runId)}, ${sqlString(context.table)}, ingest_date,
      source_file, line, column_name,
      left(trim(csv_line, chr(13) || chr(10)), ${MAX_TEXT}),
      left(error_type || ': ' || error_message, ${MAX_TEXT}),
      ${context.loadedAt}
    from (${scans.map(rejectedRows).join('\n    union all\n    ')})
    order by source_file, line, column_idx`;
}

export function recordRejectedFilesStatements(context: LoadContext, rejected: readonly RejectedFile[]): string[] {
  if (rejected.length === 0) return [];
  const values = rejected.map((entry) =>
    [
      sqlString(context.runId),
      sqlString(context.table),
      `date ${sqlString(entry.file.ingestDate)}`,
      sqlString(entry.file.relativePath),
      '1',
      sqlLiteral(entry.column),
      sqlString(entry.rawText.slice(0, MAX_TEXT)),
      sqlString(entry.reason.slice(0, MAX_TEXT)),
      context.loadedAt,
    ].join(', '),
  );
  return [`insert into ${AUDIT_TABLES.loadErrors} values\n${values.map((row) => `(${row})`).join(',\n')}`];
}
