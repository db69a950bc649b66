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
import type { DuckDbConnection } from './duckdb-connection.ts';
import type { RejectedFile } from '../../landing/file-groups.ts';
import type { LandingFile } from '../../landing/local-landing.ts';

/** Redshift's longest varchar: the audit table is portable DDL. */
const MAX_TEXT = 65535;

export interface LoadContext {
  readonly runId: string;
  readonly table: string;
  readonly loadedAt: string;
}

function rejectedRows(rejects: RejectTables, files: readonly LandingFile[]): string {
  return `select ${relativePathCase('scans.file_path', files)} as source_file,
      ${ingestDateCase('scans.file_path', files)} as ingest_date, errors.*
    from ${rejects.errors} as errors
    join ${rejects.scans} as scans on scans.scan_id = errors.scan_id and scans.file_id = errors.file_id`;
}

/** Rejected rows per landing file (a row with several bad values counts once). */
export async function rejectCounts(
  connection: DuckDbConnection,
  rejects: RejectTables,
  files: readonly LandingFile[],
): Promise<Map<string, number>> {
  const rows = await connection.query(
    `select source_file, count(distinct line) as rejected
       from (${rejectedRows(rejects, files)}) group by source_file`,
  );
  return new Map(rows.map((row) => [String(row.source_file), Number(row.rejected)]));
}

export function recordRejectsStatement(
  context: LoadContext,
  rejects: RejectTables,
  files: readonly LandingFile[],
): string {
  return `insert into ${AUDIT_TABLES.loadErrors}
    select ${sqlString(context.runId)}, ${sqlString(context.table)}, ingest_date,
      source_file, line, column_name,
      left(trim(csv_line, chr(13) || chr(10)), ${MAX_TEXT}),
      left(error_type || ': ' || error_message, ${MAX_TEXT}),
      ${context.loadedAt}
    from (${rejectedRows(rejects, files)})
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
