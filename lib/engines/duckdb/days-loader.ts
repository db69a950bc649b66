/**
 * Loads one (table, ingest date): all the day's files, in ONE transaction that deletes the
 * day's rows in `raw.<table>`, inserts the newly read ones straight from DuckDB's CSV scan,
 * writes the rejects to `audit.load_errors` and records the files in `audit.loaded_files`.
 * Reloading a day therefore replaces it, never duplicates it.
 *
 * When the day's rejects break the load's error budget the transaction is rolled back, so the
 * day keeps its previous rows. DuckDB's reject tables are transactional, so the rejects are
 * lost with the rollback; the day's files are scanned once more, outside the rolled-back
 * transaction, only to write them to `audit.load_errors` where the cause can be read.
 */
import { randomUUID } from 'node:crypto';
import { qualified } from '../../plan/plan.ts';
import type { PlanSource } from '../../plan/plan.ts';
import { sqlString } from '../../sql/literals.ts';
import { readCsvHeader } from './csv-header.ts';
import { isGzipPath, verifyGzip } from './gzip-check.ts';
import type { CsvHeader } from './csv-header.ts';
import { layoutDay } from './csv-layout.ts';
import type { DayLayout, FileGroup, RejectedFile } from './csv-layout.ts';
import { readingLanding } from './landing-read-error.ts';
import { readCsvCall, scanIntoStatement } from './csv-scan.ts';
import type { RejectTables } from './csv-scan.ts';
import type { DuckDbConnection } from './duckdb-connection.ts';
import type { LandingDay, LandingFile } from './landing-files.ts';
import { recordDayStatements } from './loaded-files.ts';
import { recordRejectedFilesStatements, recordRejectsStatement, rejectCounts } from './load-errors.ts';
import type { LoadContext } from './load-errors.ts';
import { LoadBudgetExceededError } from './load-summary.ts';
import { quoteIdentifier } from './raw-tables.ts';
import type { RejectBudget } from './reject-budget.ts';

export interface DayOutcome {
  /** Rows loaded and rejected per landing-relative file path. */
  readonly rowsByFile: ReadonlyMap<string, number>;
  readonly rejectsByFile: ReadonlyMap<string, number>;
}

export async function loadDay(
  connection: DuckDbConnection,
  source: PlanSource,
  day: LandingDay,
  context: LoadContext,
  budget: RejectBudget,
): Promise<DayOutcome> {
  const { layout, unreadable } = await readLayout(source, day.files);
  const rejectedFiles = [...unreadable, ...layout.rejected];
  const token = randomUUID().replaceAll('-', '').slice(0, 12);
  const rejectTables = layout.groups.map((_, index) => rejectTablesFor(`${token}_${index}`));
  const raw = qualified(source.relation);
  const dayLiteral = `date ${sqlString(day.ingestDate)}`;
  try {
    return await connection.inTransaction(async () => {
      await connection.execute(`delete from ${raw} where _ingest_date = ${dayLiteral}`);
      for (const [index, group] of layout.groups.entries()) {
        const insert = scanIntoStatement(raw, contractColumns(source), group, rejectTables[index] as RejectTables, context);
        await readingLanding(group.files, () => connection.execute(insert));
      }
      const rejectsByFile = await countRejects(connection, layout.groups, rejectTables, rejectedFiles);
      const exceeded = budget.add(rejectsByFile);
      if (exceeded) throw exceeded;
      const counted = await connection.query(
        `select _source_file as file, count(*) as row_count from ${raw} where _ingest_date = ${dayLiteral} group by _source_file`,
      );
      for (const [index, group] of layout.groups.entries()) {
        await connection.execute(recordRejectsStatement(context, rejectTables[index] as RejectTables, group.files));
      }
      for (const statement of [
        ...recordRejectedFilesStatements(context, rejectedFiles),
        ...recordDayStatements(source.tableName, day.ingestDate, day.files, context.runId, context.loadedAt),
      ]) {
        await connection.execute(statement);
      }
      const rowsByFile = new Map(counted.map((row) => [String(row.file), Number(row.row_count)]));
      return { rowsByFile, rejectsByFile };
    });
  } catch (error) {
    if (error instanceof LoadBudgetExceededError) {
      await recordRejectsOfRolledBackDay(connection, source, layout, rejectedFiles, context, token);
    }
    throw error;
  } finally {
    await dropTables(connection, rejectTables);
  }
}

async function readLayout(
  source: PlanSource,
  files: readonly LandingFile[],
): Promise<{ layout: DayLayout; unreadable: RejectedFile[] }> {
  const unreadable: RejectedFile[] = [];
  const readable: { file: LandingFile; header: CsvHeader }[] = [];
  // All gzip checks run at once; each settles to its error (if any) so none rejects unobserved.
  const checks = files.map((file) =>
    isGzipPath(file.path) ? verifyGzip(file.path).then(() => undefined, (error: unknown) => error) : undefined,
  );
  for (const [index, file] of files.entries()) {
    try {
      const corrupt = await checks[index];
      if (corrupt !== undefined) throw corrupt;
      readable.push({ file, header: await readCsvHeader(file.path) });
    } catch (error) {
      const reason = `UNREADABLE: ${(error as Error).message}; the whole file was skipped`;
      unreadable.push({ file, column: null, rawText: '', reason });
    }
  }
  return { layout: layoutDay(source, readable), unreadable };
}

function contractColumns(source: PlanSource): string[] {
  return source.columns.map((column) => column.name);
}

function rejectTablesFor(suffix: string): RejectTables {
  return { scans: `load_reject_scans_${suffix}`, errors: `load_reject_errors_${suffix}` };
}

async function countRejects(
  connection: DuckDbConnection,
  groups: readonly FileGroup[],
  rejectTables: readonly RejectTables[],
  rejectedFiles: readonly RejectedFile[],
): Promise<Map<string, number>> {
  const rejects = new Map<string, number>(rejectedFiles.map((entry) => [entry.file.relativePath, 1]));
  for (const [index, group] of groups.entries()) {
    for (const [file, count] of await rejectCounts(connection, rejectTables[index] as RejectTables, group.files)) {
      rejects.set(file, (rejects.get(file) ?? 0) + count);
    }
  }
  return rejects;
}

async function recordRejectsOfRolledBackDay(
  connection: DuckDbConnection,
  source: PlanSource,
  layout: DayLayout,
  rejectedFiles: readonly RejectedFile[],
  context: LoadContext,
  token: string,
): Promise<void> {
  const rejectTables = layout.groups.map((_, index) => rejectTablesFor(`${token}_audit_${index}`));
  // Every contract column is selected into a table: a scan that projects a column away never
  // casts it, and would miss that column's rejects.
  const columns = contractColumns(source).map(quoteIdentifier).join(', ');
  const rescanned = `load_rescan_${token}`;
  try {
    for (const [index, group] of layout.groups.entries()) {
      const read = readCsvCall(group, rejectTables[index] as RejectTables);
      await readingLanding(group.files, () =>
        connection.execute(`create or replace temp table ${rescanned} as select ${columns} from ${read}`),
      );
    }
    await connection.transaction([
      ...layout.groups.map((group, index) => recordRejectsStatement(context, rejectTables[index] as RejectTables, group.files)),
      ...recordRejectedFilesStatements(context, rejectedFiles),
    ]);
  } finally {
    await connection.execute(`drop table if exists temp.${rescanned}`).catch(() => undefined);
    await dropTables(connection, rejectTables);
  }
}

async function dropTables(connection: DuckDbConnection, rejectTables: readonly RejectTables[]): Promise<void> {
  // Temporary tables die with the connection anyway; a failed drop must not hide the load's own error.
  for (const table of rejectTables.flatMap((tables) => [tables.scans, tables.errors])) {
    await connection.execute(`drop table if exists temp.${table}`).catch(() => undefined);
  }
}
