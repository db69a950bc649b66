/**
 * Loads the landing folder into the `raw` schema (DESIGN.md, "Raw landing contract" and
 * "Runs, safety and history") with DuckDB's native CSV reader. Each day of a table is replaced
 * atomically (days-loader.ts); tables load side by side, one per engine connection, biggest
 * first.
 *
 * Every source gets its `raw.<table>` first, also when it has no file, so an absent table still
 * builds downstream (empty).
 *
 * Repeated builds are cheap: a day whose files (path, size, modification time) are exactly those
 * of its last successful load (`audit.loaded_files`) is skipped, unless `force` is set or the raw
 * table was just created.
 *
 * Rejected rows count against `maxLoadErrors` over the whole load. The day that breaks the
 * budget is not committed, nor are later days of its table; no further table starts, days
 * already committed stay, and the load throws a LoadBudgetExceededError naming the file with
 * the most rejects.
 */
import { auditTableStatements } from '../../audit/audit-tables.ts';
import type { PlanSource } from '../../plan/plan.ts';
import { sqlTimestamp } from '../../sql/literals.ts';
import { loadDays } from './days-loader.ts';
import type { DuckDbConnection } from './duckdb-connection.ts';
import type { DuckDbEngine } from './duckdb-engine.ts';
import { findLandingDays, isValidDate } from './landing-files.ts';
import type { LandingDay } from './landing-files.ts';
import { isUnchanged, loadedFilesTableStatements, recordedDays } from './loaded-files.ts';
import type { DayLoad, LoadProgress, LoadSummary, TableLoad } from './load-summary.ts';
import { ensureRawTable } from './raw-tables.ts';
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

interface TableWork {
  readonly source: PlanSource;
  readonly days: readonly LandingDay[];
  readonly created: boolean;
  readonly bytes: number;
}

interface LoadRun {
  readonly options: LoadOptions;
  readonly budget: RejectBudget;
  readonly loadedAt: string;
  readonly filesTotal: number;
  filesDone: number;
  failure?: unknown;
}

export async function loadLanding(engine: DuckDbEngine, options: LoadOptions): Promise<LoadSummary> {
  const started = performance.now();
  const budget = new RejectBudget(options.maxLoadErrors);
  const badDate = options.ingestDates?.find((date) => !/^\d{4}-\d{2}-\d{2}$/.test(date) || !isValidDate(date));
  if (badDate !== undefined) throw new Error(`ingest date ${badDate} is not a YYYY-MM-DD calendar date`);
  const found = await Promise.all(
    options.sources.map(async (source) => ({
      source,
      days: await findLandingDays(options.landingDir, source.tableName, options.ingestDates),
    })),
  );
  // Schema changes run one at a time: DuckDB fails concurrent catalog writes as conflicts.
  const work = await engine.withConnection(async (connection): Promise<TableWork[]> => {
    await connection.transaction([...auditTableStatements(), ...loadedFilesTableStatements()]);
    const tables: TableWork[] = [];
    for (const { source, days } of found) {
      const created = await ensureRawTable(connection, source);
      const bytes = days.reduce((sum, day) => sum + day.files.reduce((size, file) => size + file.sizeBytes, 0), 0);
      tables.push({ source, days, created, bytes });
    }
    return tables;
  });
  const run: LoadRun = {
    options,
    budget,
    loadedAt: sqlTimestamp(new Date()),
    filesTotal: found.reduce((sum, { days }) => sum + days.reduce((count, day) => count + day.files.length, 0), 0),
    filesDone: 0,
  };
  const results = new Map<string, TableLoad>();
  const queue = [...work].sort((a, b) => b.bytes - a.bytes);
  const workers = Array.from({ length: Math.min(engine.concurrency, Math.max(queue.length, 1)) }, () =>
    engine.withConnection((connection) =>
      withoutInsertionOrder(connection, async () => {
        for (let table = queue.shift(); table && run.failure === undefined; table = queue.shift()) {
          results.set(table.source.id, await loadTable(connection, run, table));
        }
      }),
    ).catch((error: unknown) => {
      run.failure ??= error;
    }),
  );
  await Promise.all(workers);
  if (run.failure !== undefined) throw run.failure;
  const tables = work.map((table) => results.get(table.source.id) as TableLoad);
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

/**
 * Raw rows have no meaningful order (staging orders by `updated_at`, ingest date and file), and
 * DuckDB appends and commits a large insert much faster when it need not keep the scan's order.
 * Session-scoped and restored, because the pooled connection goes back to the runner.
 */
async function withoutInsertionOrder(connection: DuckDbConnection, work: () => Promise<void>): Promise<void> {
  await connection.execute('set session preserve_insertion_order = false');
  try {
    await work();
  } finally {
    await connection.execute('reset session preserve_insertion_order');
  }
}

async function loadTable(connection: DuckDbConnection, run: LoadRun, table: TableWork): Promise<TableLoad> {
  const started = performance.now();
  const { source, created } = table;
  const reloadAll = created || run.options.force === true;
  const recorded = reloadAll ? new Map<string, Set<string>>() : await recordedDays(connection, source.tableName);
  const unchanged = table.days.filter((day) => !reloadAll && isUnchanged(recorded.get(day.ingestDate), day.files));
  const changed = table.days.filter((day) => !unchanged.includes(day));
  const context = { runId: run.options.runId, table: source.tableName, loadedAt: run.loadedAt };
  const outcome = await loadDays(connection, source, changed, context, run.budget);
  const loads = new Map<string, DayLoad>();
  for (const day of unchanged) {
    for (const file of day.files) report(run, source, day, file.relativePath, 0, 0, true);
    loads.set(day.ingestDate, { ingestDate: day.ingestDate, files: filesOf(day), rowsLoaded: 0, rowsRejected: 0, skipped: true });
  }
  for (const { day, rowsByFile, rejectsByFile } of outcome.loaded) {
    for (const file of day.files) {
      const path = file.relativePath;
      report(run, source, day, path, rowsByFile.get(path) ?? 0, rejectsByFile.get(path) ?? 0, false);
    }
    loads.set(day.ingestDate, {
      ingestDate: day.ingestDate,
      files: filesOf(day),
      rowsLoaded: sum(rowsByFile),
      rowsRejected: sum(rejectsByFile),
      skipped: false,
    });
  }
  if (outcome.failure) throw outcome.failure;
  return {
    table: source.tableName,
    created,
    days: table.days.map((day) => loads.get(day.ingestDate) as DayLoad),
    seconds: (performance.now() - started) / 1000,
  };
}

function filesOf(day: LandingDay): string[] {
  return day.files.map((file) => file.relativePath);
}

function sum(counts: ReadonlyMap<string, number>): number {
  return [...counts.values()].reduce((total, count) => total + count, 0);
}

function report(
  run: LoadRun,
  source: PlanSource,
  day: LandingDay,
  file: string,
  rowsLoaded: number,
  rowsRejected: number,
  skipped: boolean,
): void {
  run.filesDone += 1;
  run.options.onProgress?.({
    table: source.tableName,
    ingestDate: day.ingestDate,
    file,
    rowsLoaded,
    rowsRejected,
    skipped,
    filesDone: run.filesDone,
    filesTotal: run.filesTotal,
  });
}
