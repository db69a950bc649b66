/**
 * The one load orchestration, for every engine: each source's raw table first (also when it has
 * no file, so an absent table still builds downstream, empty), then the tables side by side up to
 * the engine's concurrency, biggest first. Within a table, days whose files are unchanged since
 * their last load (audit.loaded_files) are skipped unless `force` is set or the raw table was just
 * created; the changed days go to the engine's table loader, which replaces each day atomically.
 *
 * Rejected rows count against `maxLoadErrors` over the whole load. The day that breaks the budget
 * is not committed, nor are later days of its table; no further table or day starts, days already
 * committed stay, and the load throws the LoadBudgetExceededError naming the file with the most
 * rejects. Any other failure of a table ends the load the same way.
 */
import type { PlanSource } from '../plan/plan.ts';
import { sqlTimestamp } from '../sql/literals.ts';
import { checkIngestDates } from './landing-layout.ts';
import { planDays } from './day-plan.ts';
import type { FileStamp, RecordedDays } from './loaded-files.ts';
import type { LoadRequest } from './load-options.ts';
import type { DayLoad, LoadSummary, TableLoad } from './load-summary.ts';
import { RejectBudget } from './reject-budget.ts';

export interface LandedDay<File> {
  readonly ingestDate: string;
  /** Sorted by path, so loads and summaries are deterministic. */
  readonly files: readonly File[];
}

/** What a table loader reports of one committed day. */
export interface DayOutcome {
  readonly ingestDate: string;
  /** Rows loaded and rejected per landing-relative file path. */
  readonly rowsByFile: ReadonlyMap<string, number>;
  readonly rejectsByFile: ReadonlyMap<string, number>;
}

export interface DaysOutcome {
  /** The committed days, oldest first. */
  readonly loaded: readonly DayOutcome[];
  /** Why the remaining days were not committed (a broken budget, a failed statement). */
  readonly failure?: unknown;
}

export interface LoadRun {
  readonly runId: string;
  readonly budget: RejectBudget;
  /** A SQL timestamp expression, the same for the whole load. */
  readonly loadedAt: string;
  /** True once another table failed: start no further day. */
  readonly stopped: () => boolean;
}

/** An engine's part of a load: one table's changed days, replaced day by day or together. */
export interface TableLoader<File> {
  recordedDays(table: string): Promise<RecordedDays>;
  loadDays(source: PlanSource, days: readonly LandedDay<File>[], run: LoadRun): Promise<DaysOutcome>;
}

export interface LandingEngine<File> {
  readonly concurrency: number;
  /** Audit tables, schemas and every source's raw table, one at a time; the ids of sources whose raw table is new. */
  setUp(sources: readonly PlanSource[]): Promise<ReadonlySet<string>>;
  /** Runs `work` with a table loader of its own (a pooled connection, the one session, the engine). */
  withTableLoader<T>(work: (loader: TableLoader<File>) => Promise<T>): Promise<T>;
  /** A file's landing-relative path and size, and its stamp when its version is known. */
  describe(file: File): { readonly path: string; readonly sizeBytes: number; readonly stamp?: FileStamp };
}

interface TableWork<File> {
  readonly source: PlanSource;
  readonly days: readonly LandedDay<File>[];
  readonly created: boolean;
  readonly bytes: number;
}

export async function runLoad<File>(
  engine: LandingEngine<File>,
  request: LoadRequest,
  listDays: () => Promise<ReadonlyMap<string, readonly LandedDay<File>[]>>,
): Promise<LoadSummary> {
  const started = performance.now();
  checkIngestDates(request.ingestDates);
  const budget = new RejectBudget(request.maxLoadErrors);
  const daysByTable = await listDays();
  const created = await engine.setUp(request.sources);
  const work: TableWork<File>[] = request.sources.map((source) => {
    const days = daysByTable.get(source.tableName) ?? [];
    const bytes = days.reduce((sum, day) => sum + day.files.reduce((size, file) => size + engine.describe(file).sizeBytes, 0), 0);
    return { source, days, created: created.has(source.id), bytes };
  });
  let failure: { error: unknown } | undefined;
  const run: LoadRun = { runId: request.runId, budget, loadedAt: sqlTimestamp(new Date()), stopped: () => failure !== undefined };
  const progress = new ProgressReporter(request, work.reduce((sum, table) => sum + countFiles(table.days), 0));
  const results = new Map<string, TableLoad>();
  const queue = [...work].sort((a, b) => b.bytes - a.bytes);
  const workers = Array.from({ length: Math.min(engine.concurrency, Math.max(queue.length, 1)) }, () =>
    engine
      .withTableLoader(async (loader) => {
        for (let table = queue.shift(); table && failure === undefined; table = queue.shift()) {
          results.set(table.source.id, await loadTable(engine, loader, run, request, progress, table));
        }
      })
      .catch((error: unknown) => {
        failure ??= { error };
      }),
  );
  await Promise.all(workers);
  if (failure !== undefined) throw failure.error;
  const tables = work.map((table) => results.get(table.source.id) as TableLoad);
  const allDays = tables.flatMap((table) => table.days);
  return {
    runId: request.runId,
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

async function loadTable<File>(
  engine: LandingEngine<File>,
  loader: TableLoader<File>,
  run: LoadRun,
  request: LoadRequest,
  progress: ProgressReporter,
  table: TableWork<File>,
): Promise<TableLoad> {
  const started = performance.now();
  const { source } = table;
  const reloadAll = table.created || request.force === true;
  const recorded = reloadAll ? undefined : await loader.recordedDays(source.tableName);
  const { changed, unchanged } = planDays(table.days, (file: File) => engine.describe(file).stamp, recorded);
  const outcome = changed.length > 0 ? await loader.loadDays(source, changed, run) : { loaded: [] };
  const paths = (day: LandedDay<File>) => day.files.map((file) => engine.describe(file).path);
  const loads = new Map<string, DayLoad>();
  for (const day of unchanged) {
    for (const path of paths(day)) progress.report(source.tableName, day.ingestDate, path, 0, 0, true);
    loads.set(day.ingestDate, { ingestDate: day.ingestDate, files: paths(day), rowsLoaded: 0, rowsRejected: 0, skipped: true });
  }
  for (const loaded of outcome.loaded) {
    const day = changed.find((candidate) => candidate.ingestDate === loaded.ingestDate) as LandedDay<File>;
    for (const path of paths(day)) {
      progress.report(source.tableName, day.ingestDate, path, loaded.rowsByFile.get(path) ?? 0, loaded.rejectsByFile.get(path) ?? 0, false);
    }
    loads.set(day.ingestDate, { ingestDate: day.ingestDate, files: paths(day), rowsLoaded: sum(loaded.rowsByFile), rowsRejected: sum(loaded.rejectsByFile), skipped: false });
  }
  if (outcome.failure !== undefined) throw outcome.failure;
  return {
    table: source.tableName,
    created: table.created,
    days: table.days.map((day) => loads.get(day.ingestDate) as DayLoad),
    seconds: (performance.now() - started) / 1000,
  };
}

class ProgressReporter {
  private filesDone = 0;

  constructor(
    private readonly request: LoadRequest,
    private readonly filesTotal: number,
  ) {}

  report(table: string, ingestDate: string, file: string, rowsLoaded: number, rowsRejected: number, skipped: boolean): void {
    this.filesDone += 1;
    this.request.onProgress?.({ table, ingestDate, file, rowsLoaded, rowsRejected, skipped, filesDone: this.filesDone, filesTotal: this.filesTotal });
  }
}

function countFiles<File>(days: readonly LandedDay<File>[]): number {
  return days.reduce((count, day) => count + day.files.length, 0);
}

function sum(counts: ReadonlyMap<string, number>): number {
  return [...counts.values()].reduce((total, count) => total + count, 0);
}
