/**
 * Loads the landing folder into the `raw` schema (DESIGN.md, "Raw landing contract" and
 * "Runs, safety and history") with DuckDB's native CSV reader: one scan per day and header.
 *
 * Per (table, ingest date): the day's files are scanned into a temporary stage table, their
 * rejected rows counted against the error budget, and then, in ONE transaction, the day's rows
 * in `raw.<table>` are deleted and the stage inserted, with the rejects written to
 * `audit.load_errors` and the files recorded in `audit.loaded_files`. Reloading a day replaces
 * it. A day that breaks the budget is not committed (its rejects are still written to
 * `audit.load_errors`, so the cause can be read); days committed before stay.
 *
 * Repeated builds are cheap: a day whose files (path, size, modification time) are exactly those
 * of its last successful load is skipped, unless `force` is set or the raw table was just created.
 */
import { randomUUID } from 'node:crypto';
import { auditTableStatements } from '../../audit/audit-tables.ts';
import { qualified } from '../../plan/plan.ts';
import type { PlanSource } from '../../plan/plan.ts';
import { sqlString, sqlTimestamp } from '../../sql/literals.ts';
import { readCsvHeader } from './csv-header.ts';
import type { CsvHeader } from './csv-header.ts';
import { layoutDay } from './csv-layout.ts';
import type { RejectedFile } from './csv-layout.ts';
import { scanIntoStatement } from './csv-scan.ts';
import type { RejectTables } from './csv-scan.ts';
import type { DuckDbConnection } from './duckdb-connection.ts';
import type { DuckDbEngine } from './duckdb-engine.ts';
import { findLandingDays } from './landing-files.ts';
import type { LandingDay, LandingFile } from './landing-files.ts';
import { isUnchanged, loadedFilesTableStatements, recordDayStatements, recordedDays } from './loaded-files.ts';
import { recordRejectedFilesStatements, recordRejectsStatement, rejectCounts } from './load-errors.ts';
import type { LoadContext } from './load-errors.ts';
import type { DayLoad, LoadProgress, LoadSummary, TableLoad } from './load-summary.ts';
import { ensureRawTable, quoteIdentifier, rawColumns } from './raw-tables.ts';
import { RejectBudget } from './reject-budget.ts';

export interface LoadOptions {
  /** The landing folder; files are under `<landingDir>/raw/<table>/ingest_date=YYYY-MM-DD/`. */
  readonly landingDir: string;
  readonly sources: readonly PlanSource[];
  readonly runId: string;
  /** Rejected rows tolerated over the whole load; one more fails it. */
  readonly maxLoadErrors: number;
  /** Load only these days. @default every day found */
  readonly ingestDates?: readonly string[];
  /** Reload days whose files are unchanged since their last load. @default false */
  readonly force?: boolean;
  readonly onProgress?: (event: LoadProgress) => void;
}

/** A landing day DuckDB could not read at all (not a bad row: an unreadable file). */
export class LandingReadError extends Error {
  constructor(
    readonly place: string,
    detail: string,
    cause: unknown,
  ) {
    super(`${place}: ${detail}`, { cause });
    this.name = 'LandingReadError';
  }
}

interface LoadRun {
  readonly connection: DuckDbConnection;
  readonly options: LoadOptions;
  readonly budget: RejectBudget;
  readonly loadedAt: string;
  readonly filesTotal: number;
  filesDone: number;
}

export async function loadLanding(engine: DuckDbEngine, options: LoadOptions): Promise<LoadSummary> {
  const started = performance.now();
  const budget = new RejectBudget(options.maxLoadErrors);
  const landing = await Promise.all(
    options.sources.map(async (source) => ({
      source,
      days: await findLandingDays(options.landingDir, source.tableName, options.ingestDates),
    })),
  );
  const filesTotal = landing.reduce((sum, { days }) => sum + days.reduce((count, day) => count + day.files.length, 0), 0);
  const tables = await engine.withConnection(async (connection) => {
    await connection.transaction([...auditTableStatements(), ...loadedFilesTableStatements()]);
    const run: LoadRun = { connection, options, budget, loadedAt: sqlTimestamp(new Date()), filesTotal, filesDone: 0 };
    const loaded: TableLoad[] = [];
    for (const { source, days } of landing) loaded.push(await loadTable(run, source, days));
    return loaded;
  });
  const allDays = tables.flatMap((table) => table.days);
  return {
    runId: options.runId,
    tables,
    totals: {
      files: allDays.reduce((sum, day) => sum + day.files.length, 0),
      daysLoaded: allDays.filter((day) => !day.skipped).length,
      daysSkipped: allDays.filter((day) => day.skipped).length,
      rowsLoaded: allDays.reduce((sum, day) => sum + day.rowsLoaded, 0),
      rowsRejected: allDays.reduce((sum, day) => sum + day.rowsRejected, 0),
    },
    seconds: (performance.now() - started) / 1000,
  };
}

async function loadTable(run: LoadRun, source: PlanSource, days: readonly LandingDay[]): Promise<TableLoad> {
  const created = await ensureRawTable(run.connection, source);
  const reloadAll = created || run.options.force === true;
  const recorded = reloadAll ? new Map<string, Set<string>>() : await recordedDays(run.connection, source.tableName);
  const loads: DayLoad[] = [];
  for (const day of days) {
    const dayStarted = performance.now();
    if (!reloadAll && isUnchanged(recorded.get(day.ingestDate), day.files)) {
      for (const file of day.files) report(run, source, day, file, { rows: 0, rejected: 0, skipped: true });
      loads.push(dayLoad(day, 0, 0, true, dayStarted));
      continue;
    }
    loads.push(await loadDay(run, source, day, dayStarted));
  }
  return { table: source.tableName, created, days: loads };
}

async function loadDay(run: LoadRun, source: PlanSource, day: LandingDay, dayStarted: number): Promise<DayLoad> {
  const { connection } = run;
  const context: LoadContext = {
    runId: run.options.runId,
    table: source.tableName,
    ingestDate: day.ingestDate,
    loadedAt: run.loadedAt,
  };
  const unreadable: RejectedFile[] = [];
  const readable: { file: LandingFile; header: CsvHeader }[] = [];
  for (const file of day.files) {
    try {
      readable.push({ file, header: await readCsvHeader(file.path) });
    } catch (error) {
      const reason = `UNREADABLE: ${(error as Error).message}; the whole file was skipped`;
      unreadable.push({ file, column: null, rawText: '', reason });
    }
  }
  const layout = layoutDay(source, readable);
  const rejectedFiles = [...unreadable, ...layout.rejected];
  const token = randomUUID().replaceAll('-', '').slice(0, 12);
  const stage = `load_stage_${token}`;
  const rejectTables: RejectTables[] = layout.groups.map((_, index) => ({
    scans: `load_reject_scans_${token}_${index}`,
    errors: `load_reject_errors_${token}_${index}`,
  }));
  const contractColumns = source.columns.map((column) => column.name);
  const columnList = rawColumns(source).map((column) => quoteIdentifier(column.name)).join(', ');
  try {
    await connection.execute(`create temp table ${stage} as select ${columnList} from ${qualified(source.relation)} limit 0`);
    for (const [index, group] of layout.groups.entries()) {
      try {
        await connection.execute(scanIntoStatement(stage, contractColumns, group, rejectTables[index] as RejectTables, context));
      } catch (error) {
        const files = group.files.map((file) => file.relativePath).join(', ');
        throw new LandingReadError(files, `DuckDB could not read this landing file set: ${(error as Error).message}`, error);
      }
    }
    const rejects = new Map<string, number>(rejectedFiles.map((entry) => [entry.file.relativePath, 1]));
    for (const [index, group] of layout.groups.entries()) {
      for (const [file, count] of await rejectCounts(connection, rejectTables[index] as RejectTables, group.files)) {
        rejects.set(file, (rejects.get(file) ?? 0) + count);
      }
    }
    const errorStatements = [
      ...layout.groups.map((group, index) => recordRejectsStatement(context, rejectTables[index] as RejectTables, group.files)),
      ...recordRejectedFilesStatements(context, rejectedFiles),
    ];
    const exceeded = run.budget.add(rejects);
    if (exceeded) {
      await connection.transaction(errorStatements);
      throw exceeded;
    }
    const rowsByFile = await connection.query(
      `select _source_file as file, count(*) as row_count from ${stage} group by _source_file`,
    );
    const rows = new Map(rowsByFile.map((row) => [String(row.file), Number(row.row_count)]));
    const dayLiteral = `date ${sqlString(day.ingestDate)}`;
    await connection.transaction([
      `delete from ${qualified(source.relation)} where _ingest_date = ${dayLiteral}`,
      `insert into ${qualified(source.relation)} (${columnList}) select ${columnList} from ${stage}`,
      ...errorStatements,
      ...recordDayStatements(source.tableName, day.ingestDate, day.files, run.options.runId, run.loadedAt),
    ]);
    for (const file of day.files) {
      const rejected = rejects.get(file.relativePath) ?? 0;
      report(run, source, day, file, { rows: rows.get(file.relativePath) ?? 0, rejected, skipped: false });
    }
    const rowsLoaded = [...rows.values()].reduce((sum, count) => sum + count, 0);
    const rowsRejected = [...rejects.values()].reduce((sum, count) => sum + count, 0);
    return dayLoad(day, rowsLoaded, rowsRejected, false, dayStarted);
  } finally {
    const temporary = [stage, ...rejectTables.flatMap((tables) => [tables.scans, tables.errors])];
    // Temporary tables die with the connection anyway; a failed drop must not hide the load's own error.
    for (const table of temporary) await connection.execute(`drop table if exists temp.${table}`).catch(() => undefined);
  }
}

function dayLoad(day: LandingDay, rowsLoaded: number, rowsRejected: number, skipped: boolean, started: number): DayLoad {
  return {
    ingestDate: day.ingestDate,
    files: day.files.map((file) => file.relativePath),
    rowsLoaded,
    rowsRejected,
    skipped,
    seconds: (performance.now() - started) / 1000,
  };
}

function report(
  run: LoadRun,
  source: PlanSource,
  day: LandingDay,
  file: LandingFile,
  outcome: { rows: number; rejected: number; skipped: boolean },
): void {
  run.filesDone += 1;
  run.options.onProgress?.({
    table: source.tableName,
    ingestDate: day.ingestDate,
    file: file.relativePath,
    rowsLoaded: outcome.rows,
    rowsRejected: outcome.rejected,
    skipped: outcome.skipped,
    filesDone: run.filesDone,
    filesTotal: run.filesTotal,
  });
}
