/**
 * Loads one landing day of one raw table in one transaction (docs/architecture.md, "Runs, safety and
 * history"):
 * 1. every file is checked (landing-preparation.ts) and read into `load_rows` by COPY
 *    (landing-file-copy.ts); malformed records and refused files go to `load_rejects`;
 * 2. every non-text contract column is validated in SQL (contract-types.ts): a value that does
 *    not parse as its type adds a `load_rejects` row naming the column, and its row stays out;
 * 3. the day's rejected rows are counted against the load's error budget;
 * 4. within budget, the day's rows in `raw.<table>` are deleted and the good rows inserted, with
 *    the rejects in `audit.load_errors` and the files in `audit.loaded_files`. Reloading a day
 *    therefore replaces it and never duplicates it.
 * A day that breaks the budget, or holds a file that cannot be read whole (unreadable-files.ts),
 * commits only its rejects, so the cause stays readable, and keeps its previous raw rows.
 */
import { AUDIT_TABLES } from '../../audit/audit-tables.ts';
import { qualified } from '../../plan/plan.ts';
import type { PlanSource } from '../../plan/plan.ts';
import { sqlString } from '../../sql/literals.ts';
import type { LandingDay } from '../../landing/local-landing.ts';
import { recordDayStatements } from '../../landing/loaded-files.ts';
import { localFileStamp } from '../../landing/local-landing.ts';
import type { DayOutcome } from '../../landing/load-orchestration.ts';
import { UnreadableLandingFilesError } from '../../landing/unreadable-files.ts';
import type { LoadBudgetExceededError } from '../../landing/load-summary.ts';
import { columnType } from '../../landing/load-columns.ts';
import { quoteIdentifier } from '../../sql/identifiers.ts';
import type { RejectBudget } from '../../landing/reject-budget.ts';
import { contractType } from './contract-types.ts';
import { copyFromBlobStatement, copyLine } from './copy-text.ts';
import { copyLandingFile } from './landing-file-copy.ts';
import type { MalformedRecord } from './landing-file-copy.ts';
import { prepareFiles } from './landing-preparation.ts';
import { LOAD_FILES, LOAD_REJECTS, LOAD_ROWS, REJECT_COLUMNS, emptyWorkTablesStatement } from './load-work-tables.ts';
import type { PostgresSession } from './postgres-session.ts';

/** Redshift's longest varchar: the audit table is portable DDL. */
const MAX_TEXT = 65535;

export interface LoadContext {
  readonly runId: string;
  readonly table: string;
  /** A SQL timestamp expression for `_loaded_at` and `logged_at`. */
  readonly loadedAt: string;
}

export interface DayLoadResult extends DayOutcome {
  /** Set when the day broke the budget or holds a file that cannot be read whole: its rows were not replaced. */
  readonly failure?: LoadBudgetExceededError | UnreadableLandingFilesError;
}

export async function loadDay(
  session: PostgresSession,
  source: PlanSource,
  day: LandingDay,
  context: LoadContext,
  budget: RejectBudget,
): Promise<DayLoadResult> {
  const prepared = await prepareFiles(source, day.files);
  const contractColumns = source.columns.map((column) => column.name);
  const fileIndex = new Map(day.files.map((file, index) => [file.relativePath, index]));
  return session.inTransaction(async () => {
    await session.execute(emptyWorkTablesStatement());
    await session.execute(
      `insert into ${LOAD_FILES} values\n${day.files
        .map((file, index) => `(${index}, ${sqlString(file.relativePath)}, date ${sqlString(day.ingestDate)})`)
        .join(',\n')}`,
    );
    const malformed: { fileIndex: number; record: MalformedRecord }[] = prepared.rejected.map((entry) => ({
      fileIndex: fileIndex.get(entry.file.relativePath) as number,
      record: { line: 1, column: entry.column, columnPosition: -1, raw: entry.rawText, reason: entry.reason },
    }));
    for (const { file, columns } of prepared.readable) {
      const index = fileIndex.get(file.relativePath) as number;
      const records = await copyLandingFile(session, file, index, columns, contractColumns);
      malformed.push(...records.map((record) => ({ fileIndex: index, record })));
    }
    await recordMalformed(session, malformed);
    for (const statement of castRejectStatements(source)) await session.execute(statement);

    const rejects = await rejectsByFile(session, day);
    if (prepared.rejected.length > 0) {
      await session.execute(auditInsert(context));
      const files = prepared.rejected.map((entry) => ({ path: entry.file.relativePath, reason: entry.reason }));
      return { ingestDate: day.ingestDate, rowsByFile: new Map(), rejectsByFile: rejects, failure: new UnreadableLandingFilesError(context.table, day.ingestDate, files) };
    }
    const failure = budget.add(rejects);
    if (failure) {
      await session.execute(auditInsert(context));
      return { ingestDate: day.ingestDate, rowsByFile: new Map(), rejectsByFile: rejects, failure };
    }
    const raw = qualified(source.relation);
    const dayLiteral = `date ${sqlString(day.ingestDate)}`;
    await session.execute(`delete from ${raw} where _ingest_date = ${dayLiteral}`);
    await session.execute(rawInsert(source, contractColumns, context));
    await session.execute(auditInsert(context));
    for (const statement of recordDayStatements(context.table, day.ingestDate, day.files.map(localFileStamp), context, sqlString)) {
      await session.execute(statement);
    }
    const counted = await session.query(
      `select _source_file as file, count(*) as row_count from ${raw} where _ingest_date = ${dayLiteral} group by _source_file`,
    );
    const rows = new Map(counted.map((row) => [String(row.file), Number(row.row_count)]));
    return {
      ingestDate: day.ingestDate,
      rowsByFile: new Map(day.files.map((file) => [file.relativePath, rows.get(file.relativePath) ?? 0])),
      rejectsByFile: rejects,
    };
  });
}

async function recordMalformed(
  session: PostgresSession,
  malformed: readonly { fileIndex: number; record: MalformedRecord }[],
): Promise<void> {
  if (malformed.length === 0) return;
  const lines = malformed.map(({ fileIndex, record }) =>
    copyLine([fileIndex, record.line, record.column, record.columnPosition, record.raw, record.reason]),
  );
  await session.copyFrom(copyFromBlobStatement(LOAD_REJECTS, [...REJECT_COLUMNS]), new Blob(lines));
}

/**
 * The unparseable values of every typed contract column, as rejects naming the column: one
 * scan of the day's rows, each row crossed with one candidate reject per typed column.
 */
function castRejectStatements(source: PlanSource): string[] {
  const candidates = source.columns.flatMap((column, position) => {
    const type = contractType(columnType(column));
    const value = `rows.${quoteIdentifier(column.name)}`;
    const valid = type.valid(value);
    if (valid === undefined) return [];
    const reason =
      `${sqlString(`CAST: Error when converting column "${column.name}". Could not convert string "`)}` +
      ` || ${value} || ${sqlString(`" to '${type.displayName}'`)}`;
    return [`(${sqlString(column.name)}, ${position}, case when ${value} is not null and not ${valid} then ${reason} end)`];
  });
  if (candidates.length === 0) return [];
  return [
    `insert into ${LOAD_REJECTS} (${REJECT_COLUMNS.join(', ')})
    select rows.file_index, rows.line_number, candidate.column_name, candidate.column_position, rows.raw_text, candidate.reason
      from ${LOAD_ROWS} as rows
     cross join lateral (values
       ${candidates.join(',\n       ')}
     ) as candidate (column_name, column_position, reason)
     where candidate.reason is not null`,
  ];
}

/** Rejected rows per landing file: a row with several bad values counts once, a refused file as one. */
async function rejectsByFile(session: PostgresSession, day: LandingDay): Promise<Map<string, number>> {
  const counted = await session.query(
    `select file_index, count(distinct line_number) as rejected from ${LOAD_REJECTS} group by file_index`,
  );
  const byIndex = new Map(counted.map((row) => [Number(row.file_index), Number(row.rejected)]));
  return new Map(day.files.map((file, index) => [file.relativePath, byIndex.get(index) ?? 0]));
}

function rawInsert(source: PlanSource, contractColumns: readonly string[], context: LoadContext): string {
  const casts = source.columns.map((column) => contractType(columnType(column)).cast(`rows.${quoteIdentifier(column.name)}`));
  const columns = [...contractColumns.map(quoteIdentifier), '_ingest_date', '_source_file', '_loaded_at'];
  return `insert into ${qualified(source.relation)} (${columns.join(', ')})
    select ${casts.join(',\n      ')},
      files.ingest_date, files.source_file, ${context.loadedAt}
      from ${LOAD_ROWS} as rows
      join ${LOAD_FILES} as files on files.file_index = rows.file_index
     where not exists (
       select 1 from ${LOAD_REJECTS} as rejects
        where rejects.file_index = rows.file_index and rejects.line_number = rows.line_number
     )`;
}

function auditInsert(context: LoadContext): string {
  return `insert into ${AUDIT_TABLES.loadErrors}
      (run_id, table_name, ingest_date, source_file, line_number, column_name, raw_text, reason, logged_at)
    select ${sqlString(context.runId)}, ${sqlString(context.table)}, files.ingest_date, files.source_file,
      rejects.line_number, rejects.column_name, left(rejects.raw_text, ${MAX_TEXT}), left(rejects.reason, ${MAX_TEXT}),
      ${context.loadedAt}
      from ${LOAD_REJECTS} as rejects
      join ${LOAD_FILES} as files on files.file_index = rejects.file_index
     order by files.source_file, rejects.line_number, rejects.column_position`;
}
