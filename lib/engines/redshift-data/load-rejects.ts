/**
 * Rows COPY rejected, read from SYS_LOAD_ERROR_DETAIL into `audit.load_errors` (DESIGN.md,
 * "Runs, safety and history"). Each COPY is found by its query id, which DescribeStatement
 * reports per sub-statement (`RedshiftQueryId`, the id SYS views use): pg_last_copy_id() would
 * need the reading statement in the COPY's own session, and on Serverless it is not documented to
 * match the SYS views' query_id. Since each COPY reads one file, the query id also gives the file.
 *
 * SYS_LOAD_ERROR_DETAIL has the file, line, column, error code and message, but not the rejected
 * line's text (Serverless has no STL_LOAD_ERRORS.raw_line), so `raw_text` stays null. A line
 * rejected for several reasons counts once.
 */
import { AUDIT_TABLES } from '../../audit/audit-tables.ts';
import { redshiftString, sqlLiteral } from '../../sql/literals.ts';
import type { FileLayout } from './copy-columns.ts';
import type { RedshiftDataEngine } from './redshift-data-engine.ts';

/** One file's COPY that ran, and the Redshift query id it ran as. */
export interface CopyRun {
  readonly path: string;
  readonly queryId: number;
}

export type RejectedFile = { readonly path: string } & Extract<FileLayout, { kind: 'rejected' }>;

export interface RejectContext {
  readonly runId: string;
  readonly table: string;
  readonly ingestDate: string;
  /** A SQL timestamp expression. */
  readonly loggedAt: string;
}

/** Redshift's longest varchar: audit text is cut to fit it (bytes; 16,000 characters always fit). */
const MAX_TEXT_CHARACTERS = 16_000;

const AUDIT_COLUMNS = 'run_id, table_name, ingest_date, source_file, line_number, column_name, raw_text, reason, logged_at';

function queryIds(copies: readonly CopyRun[]): string {
  return copies.map((copy) => String(Math.trunc(copy.queryId))).join(', ');
}

/** Rejected lines per landing path, for the files whose COPY ran. */
export async function rejectCounts(engine: RedshiftDataEngine, copies: readonly CopyRun[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (copies.length === 0) return counts;
  const rows = await engine.query(
    `select query_id, count(distinct line_number) as rejected
       from sys_load_error_detail where query_id in (${queryIds(copies)})
      group by query_id`,
  );
  const paths = new Map(copies.map((copy) => [copy.queryId, copy.path]));
  for (const row of rows) {
    const path = paths.get(Number(row.query_id));
    if (path !== undefined) counts.set(path, (counts.get(path) ?? 0) + Number(row.rejected));
  }
  return counts;
}

export function recordRejectsStatement(context: RejectContext, copies: readonly CopyRun[]): string | undefined {
  if (copies.length === 0) return undefined;
  const fileOf = copies.map((copy) => `when ${Math.trunc(copy.queryId)} then ${redshiftString(copy.path)}`).join(' ');
  return `insert into ${AUDIT_TABLES.loadErrors} (${AUDIT_COLUMNS})
select ${redshiftString(context.runId)}, ${redshiftString(context.table)}, cast(${redshiftString(context.ingestDate)} as date),
  case query_id ${fileOf} end,
  line_number, nullif(trim(column_name), ''), cast(null as varchar(65535)),
  left('COPY ' || error_code || ': ' || trim(error_message), ${MAX_TEXT_CHARACTERS}),
  ${context.loggedAt}
from sys_load_error_detail
where query_id in (${queryIds(copies)})`;
}

/** Files rejected as a whole (a header lacking contract columns): one load error on line 1 each. */
export function recordRejectedFilesStatement(context: RejectContext, rejected: readonly RejectedFile[]): string | undefined {
  if (rejected.length === 0) return undefined;
  const rows = rejected.map((file) =>
    [
      redshiftString(context.runId),
      redshiftString(context.table),
      `cast(${redshiftString(context.ingestDate)} as date)`,
      redshiftString(file.path),
      '1',
      sqlLiteral(file.column, 'redshift'),
      redshiftString(file.rawText.slice(0, MAX_TEXT_CHARACTERS)),
      redshiftString(file.reason.slice(0, MAX_TEXT_CHARACTERS)),
      context.loggedAt,
    ].join(', '),
  );
  return `insert into ${AUDIT_TABLES.loadErrors} (${AUDIT_COLUMNS}) values\n${rows.map((row) => `(${row})`).join(',\n')}`;
}
