/**
 * Rows COPY rejected, from SYS_LOAD_ERROR_DETAIL into `audit.load_errors`. Each COPY is found by
 * its query id, which DescribeStatement reports per sub-statement (`RedshiftQueryId`, the id SYS
 * views use): pg_last_copy_id() would need the reading statement in the COPY's own session, and
 * on Serverless it is not documented to match the SYS views' query_id. Since each COPY reads one
 * file, the query id also gives the file.
 *
 * The detail rows are read through the Data API and written back as literals, page by page
 * (`REJECT_PAGE_ROWS`): the audit insert then holds exactly the values read, quoted for Redshift,
 * and never joins a system view with a user table inside the day's transaction.
 * SYS_LOAD_ERROR_DETAIL has the file, line, column, error code and message, but not the rejected
 * line's text (Serverless has no STL_LOAD_ERRORS.raw_line), so `raw_text` stays null
 * (https://docs.aws.amazon.com/redshift/latest/dg/SYS_LOAD_ERROR_DETAIL.html). A line rejected
 * for several reasons is one audit row per reason but counts once against the budget.
 */
import { AUDIT_TABLES } from '../../audit/audit-tables.ts';
import type { Row } from '../engine.ts';
import { redshiftString, sqlLiteral } from '../../sql/literals.ts';
import { MAX_STATEMENT_BYTES, statementBytes } from './batch-limits.ts';
import type { FileLayout } from './copy-columns.ts';

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

/**
 * Detail rows read per page. A row's literals take at most ~6.5 KB (a 1,024-byte S3 key and
 * 500-character texts, every character 4 bytes and doubled by quoting), so one page's inserts
 * fit the 40 statements of one Data API batch; typical rows take ~300 bytes.
 */
const REJECT_PAGE_ROWS = 500;

/** Audit text is cut to this many characters: enough for any COPY message. */
const MAX_TEXT_CHARACTERS = 500;

/** Room left in a statement for one more row before a new INSERT starts. */
const INSERT_BYTES = MAX_STATEMENT_BYTES - 8 * 1024;

const AUDIT_COLUMNS = 'run_id, table_name, ingest_date, source_file, line_number, column_name, raw_text, reason, logged_at';

function queryIds(copies: readonly CopyRun[]): string {
  return copies.map((copy) => String(Math.trunc(copy.queryId))).join(', ');
}

/** Rejected lines per query id; `rejectCountsOf` maps them to files. */
export function rejectCountsQuery(copies: readonly CopyRun[]): string {
  if (copies.length === 0) return 'select cast(null as bigint) as query_id, cast(0 as bigint) as rejected where 1 = 0';
  return `select query_id, count(distinct line_number) as rejected
  from sys_load_error_detail where query_id in (${queryIds(copies)})
 group by query_id`;
}

export function rejectCountsOf(rows: readonly Row[], copies: readonly CopyRun[]): Map<string, number> {
  const paths = new Map(copies.map((copy) => [copy.queryId, copy.path]));
  const counts = new Map<string, number>();
  for (const row of rows) {
    const path = paths.get(Number(row.query_id));
    if (path !== undefined) counts.set(path, (counts.get(path) ?? 0) + Number(row.rejected));
  }
  return counts;
}

/** One page of the COPYs' detail rows, in a stable order so that pages neither overlap nor skip. */
export function rejectDetailsQuery(copies: readonly CopyRun[], page: number): string {
  return `select query_id, line_number, trim(column_name) as column_name, error_code, trim(error_message) as error_message
  from sys_load_error_detail where query_id in (${queryIds(copies)})
 order by query_id, line_number, column_name, error_code
 limit ${REJECT_PAGE_ROWS} offset ${page * REJECT_PAGE_ROWS}`;
}

/** The query of the page after `page` when `details` (that page's rows) filled it; none after the last page. */
export function nextRejectDetailsQuery(copies: readonly CopyRun[], page: number, details: readonly Row[]): string | undefined {
  return details.length === REJECT_PAGE_ROWS ? rejectDetailsQuery(copies, page + 1) : undefined;
}

/** The audit inserts of one page of detail rows, each statement under the Data API's 100 KB. */
export function recordRejectDetailsStatements(context: RejectContext, details: readonly Row[], copies: readonly CopyRun[]): string[] {
  const paths = new Map(copies.map((copy) => [copy.queryId, copy.path]));
  const rows = details.flatMap((detail) => {
    const path = paths.get(Number(detail.query_id));
    if (path === undefined) return [];
    const column = typeof detail.column_name === 'string' && detail.column_name !== '' ? detail.column_name : null;
    const reason = `COPY ${String(detail.error_code)}: ${String(detail.error_message ?? '')}`;
    return [auditRow(context, path, Number(detail.line_number), column, null, reason)];
  });
  return insertStatements(rows);
}

/** Files rejected as a whole (a header lacking contract columns): one load error on line 1 each. */
export function recordRejectedFilesStatements(context: RejectContext, rejected: readonly RejectedFile[]): string[] {
  return insertStatements(rejected.map((file) => auditRow(context, file.path, 1, file.column, file.rawText, file.reason)));
}

function auditRow(context: RejectContext, path: string, line: number, column: string | null, rawText: string | null, reason: string): string {
  const text = (value: string | null) => sqlLiteral(value?.slice(0, MAX_TEXT_CHARACTERS) ?? null, 'redshift');
  const values = [
    redshiftString(context.runId),
    redshiftString(context.table),
    `cast(${redshiftString(context.ingestDate)} as date)`,
    redshiftString(path),
    Number.isFinite(line) ? String(Math.trunc(line)) : 'null',
    text(column),
    rawText === null ? 'cast(null as varchar(65535))' : text(rawText),
    text(reason),
    context.loggedAt,
  ];
  return `(${values.join(', ')})`;
}

function insertStatements(rows: readonly string[]): string[] {
  const head = `insert into ${AUDIT_TABLES.loadErrors} (${AUDIT_COLUMNS}) values\n`;
  const statements: string[] = [];
  let current: string[] = [];
  let bytes = statementBytes(head);
  for (const row of rows) {
    const size = statementBytes(row) + 2;
    if (current.length > 0 && bytes + size > INSERT_BYTES) {
      statements.push(head + current.join(',\n'));
      current = [];
      bytes = statementBytes(head);
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) statements.push(head + current.join(',\n'));
  return statements;
}
