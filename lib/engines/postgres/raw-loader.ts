/**
 * Loads the landing folder into the `raw` schema on Postgres (DESIGN.md, "Raw landing
 * contract"), giving the same LoadSummary as the DuckDB loader (duckdb/raw-loader.ts) on the
 * same folder: the same files found, the same rows loaded and rejected, the same days skipped.
 * It takes the same LoadOptions and reports the same progress events.
 *
 * Every source gets its `raw.<table>` first, also when it has no file. Tables load one after
 * another, biggest first, each day in its own transaction (day-loader.ts), oldest day first,
 * while the load holds the engine's only session. A day whose files are exactly those of its
 * last successful load is skipped, unless `force` is set or the raw table was just created.
 *
 * Rejected rows count against `maxLoadErrors` over the whole load. The day that breaks the
 * budget keeps its previous rows (only its rejects are recorded); no later day or table starts;
 * days already committed stay; the load throws a LoadBudgetExceededError naming the file with
 * the most rejects.
 */
import { auditTableStatements } from '../../audit/audit-tables.ts';
import type { PlanSource } from '../../plan/plan.ts';
import { sqlTimestamp } from '../../sql/literals.ts';
import { findLandingDays } from '../duckdb/landing-files.ts';
import type { LandingDay } from '../duckdb/landing-files.ts';
import { loadedFilesTableStatements } from '../duckdb/loaded-files.ts';
import type { DayLoad, LoadSummary, TableLoad } from '../duckdb/load-summary.ts';
import type { LoadOptions } from '../duckdb/raw-loader.ts';
import { RejectBudget } from '../duckdb/reject-budget.ts';
import { loadDay } from './day-loader.ts';
import type { DayOutcome, LoadContext } from './day-loader.ts';
import { isUnchanged, recordedDays } from './loaded-days.ts';
import { createWorkTablesStatements, dropWorkTablesStatements } from './load-work-tables.ts';
import type { PgliteEngine } from './pglite-engine.ts';
import type { PostgresSession } from './postgres-session.ts';
import { ensureRawTable } from './raw-tables.ts';

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
}

export async function loadLanding(engine: PgliteEngine, options: LoadOptions): Promise<LoadSummary> {
  const started = performance.now();
  const budget = new RejectBudget(options.maxLoadErrors);
  const found = await Promise.all(
    options.sources.map(async (source) => ({
      source,
      days: await findLandingDays(options.landingDir, source.tableName, options.ingestDates),
    })),
  );
  const run: LoadRun = {
    options,
    budget,
    loadedAt: sqlTimestamp(new Date()),
    filesTotal: found.reduce((sum, { days }) => sum + days.reduce((count, day) => count + day.files.length, 0), 0),
    filesDone: 0,
  };
  const tables = await engine.exclusive(async (session) => {
    await session.transaction([...auditTableStatements(), ...loadedFilesTableStatements()]);
    const work: TableWork[] = [];
    for (const { source, days } of found) {
      const created = await ensureRawTable(session, source);
      const bytes = days.reduce((sum, day) => sum + day.files.reduce((size, file) => size + file.sizeBytes, 0), 0);
      work.push({ source, days, created, bytes });
    }
    const results = new Map<string, TableLoad>();
    for (const table of [...work].sort((a, b) => b.bytes - a.bytes)) {
      results.set(table.source.id, await loadTable(session, run, table));
    }
    return work.map((table) => results.get(table.source.id) as TableLoad);
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

async function loadTable(session: PostgresSession, run: LoadRun, table: TableWork): Promise<TableLoad> {
  const started = performance.now();
  const { source, created } = table;
  const reloadAll = created || run.options.force === true;
  const recorded = reloadAll ? new Map<string, Set<string>>() : await recordedDays(session, source.tableName);
  const context: LoadContext = { runId: run.options.runId, table: source.tableName, loadedAt: run.loadedAt };
  const days: DayLoad[] = [];
  const changed = table.days.filter((day) => reloadAll || !isUnchanged(recorded.get(day.ingestDate), day.files));
  if (changed.length > 0) await session.transaction(createWorkTablesStatements(source.columns.map((column) => column.name)));
  try {
    for (const day of table.days) {
      if (!changed.includes(day)) {
        for (const file of day.files) report(run, source, day, file.relativePath, 0, 0, true);
        days.push({ ingestDate: day.ingestDate, files: filesOf(day), rowsLoaded: 0, rowsRejected: 0, skipped: true });
        continue;
      }
      const outcome = await loadDay(session, source, day, context, run.budget);
      if (outcome.failure) throw outcome.failure;
      for (const file of day.files) {
        const path = file.relativePath;
        report(run, source, day, path, outcome.rowsByFile.get(path) ?? 0, outcome.rejectsByFile.get(path) ?? 0, false);
      }
      days.push(dayLoad(outcome));
    }
  } finally {
    // Temporary tables die with the session anyway; a failed drop must not hide the load's own error.
    if (changed.length > 0) await session.transaction(dropWorkTablesStatements()).catch(() => undefined);
  }
  return { table: source.tableName, created, days, seconds: (performance.now() - started) / 1000 };
}

function dayLoad(outcome: DayOutcome): DayLoad {
  return {
    ingestDate: outcome.day.ingestDate,
    files: filesOf(outcome.day),
    rowsLoaded: sum(outcome.rowsByFile),
    rowsRejected: sum(outcome.rejectsByFile),
    skipped: false,
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
