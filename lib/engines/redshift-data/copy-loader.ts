/**
 * Loads the S3 landing area into the `raw` schema on Redshift with COPY (DESIGN.md, "Raw
 * landing contract" and "Runs, safety and history"), returning the same LoadSummary as the DuckDB
 * loader so the CLI reports both alike.
 *
 * Every source gets its `raw.<table>` first, also when it has no file, so an absent table still
 * builds downstream (empty). Each day of a table is replaced atomically (day-copy.ts), days oldest
 * first; tables load side by side, up to the engine's concurrency, biggest (most files) first.
 *
 * Rejected rows count against `maxLoadErrors` over the whole load. The day that breaks the budget
 * is not committed, nor is any later day; no further day starts, days already committed stay,
 * and the load throws a LoadBudgetExceededError naming the file with the most rejects.
 *
 * Unlike the DuckDB loader, every listed day is reloaded: skipping unchanged days would need the
 * objects' ETags in the listing and a record of them (audit.loaded_files).
 */
import { auditTableStatements } from '../../audit/audit-tables.ts';
import type { PlanSource } from '../../plan/plan.ts';
import { sqlTimestamp } from '../../sql/literals.ts';
import type { LoadOptions } from '../duckdb/raw-loader.ts';
import type { DayLoad, LoadProgress, LoadSummary, TableLoad } from '../duckdb/load-summary.ts';
import { RejectBudget } from '../duckdb/reject-budget.ts';
import { copyDay } from './day-copy.ts';
import type { DayCopyContext } from './day-copy.ts';
import { landingDaysByTable, parseLandingUri } from './landing-listing.ts';
import type { LandingDay, LandingDayListing } from './landing-listing.ts';
import { ensureRawTable } from './raw-tables.ts';
import type { RedshiftDataEngine } from './redshift-data-engine.ts';
import { quoteIdentifier } from './redshift-identifiers.ts';

export interface CopyLoadOptions extends Pick<LoadOptions, 'sources' | 'runId' | 'maxLoadErrors' | 'ingestDates' | 'onProgress'> {
  /** `s3://bucket/prefix`: files are under `<landingUri>/raw/<table>/ingest_date=YYYY-MM-DD/`. */
  readonly landingUri: string;
  /** Which objects each (table, day) folder holds; the CLI lists S3, tests pass a literal. */
  readonly listDays: () => Promise<readonly LandingDayListing[]>;
  /** The role COPY reads S3 with: `default` (the namespace's default IAM role) or a role ARN. @default 'default' */
  readonly iamRole?: string;
}

interface TableWork {
  readonly source: PlanSource;
  readonly days: readonly LandingDay[];
  readonly created: boolean;
}

interface LoadRun {
  readonly options: CopyLoadOptions;
  readonly budget: RejectBudget;
  readonly context: DayCopyContext;
  readonly filesTotal: number;
  filesDone: number;
  failure?: unknown;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/;

export async function loadLanding(engine: RedshiftDataEngine, options: CopyLoadOptions): Promise<LoadSummary> {
  const started = performance.now();
  const iamRole = options.iamRole ?? 'default';
  if (iamRole !== 'default' && !ROLE_ARN.test(iamRole)) {
    throw new Error(`iamRole must be 'default' or an IAM role ARN (arn:aws:iam::123456789012:role/name), got '${iamRole}'`);
  }
  const location = parseLandingUri(options.landingUri);
  const budget = new RejectBudget(options.maxLoadErrors);
  const daysByTable = landingDaysByTable(
    await options.listDays(),
    options.sources.map((source) => source.tableName),
    options.ingestDates,
  );

  const schemas = [...new Set(options.sources.map((source) => source.relation.schema))];
  await engine.executeAll([...auditTableStatements(), ...schemas.map((schema) => `create schema if not exists ${quoteIdentifier(schema)}`)]);
  // One table at a time: concurrent DDL on Redshift's catalog can fail as serialization conflicts.
  const work: TableWork[] = [];
  for (const source of options.sources) {
    work.push({ source, days: daysByTable.get(source.tableName) ?? [], created: await ensureRawTable(engine, source) });
  }

  const run: LoadRun = {
    options,
    budget,
    context: { runId: options.runId, loadedAt: sqlTimestamp(new Date()), iamRole, location },
    filesTotal: work.reduce((sum, table) => sum + countFiles(table.days), 0),
    filesDone: 0,
  };
  const results = new Map<string, TableLoad>();
  const queue = [...work].sort((a, b) => countFiles(b.days) - countFiles(a.days));
  const workers = Array.from({ length: Math.min(engine.concurrency, Math.max(queue.length, 1)) }, async () => {
    for (let table = queue.shift(); table && run.failure === undefined; table = queue.shift()) {
      try {
        results.set(table.source.id, await loadTable(engine, run, table));
      } catch (error) {
        run.failure ??= error;
      }
    }
  });
  await Promise.all(workers);
  if (run.failure !== undefined) throw run.failure;

  const tables = work.map((table) => results.get(table.source.id) as TableLoad);
  const allDays = tables.flatMap((table) => table.days);
  return {
    runId: options.runId,
    tables,
    totals: {
      files: allDays.reduce((sum, day) => sum + day.files.length, 0),
      daysLoaded: allDays.length,
      daysSkipped: 0,
      rowsLoaded: allDays.reduce((sum, day) => sum + day.rowsLoaded, 0),
      rowsRejected: allDays.reduce((sum, day) => sum + day.rowsRejected, 0),
    },
    seconds: (performance.now() - started) / 1000,
  };
}

async function loadTable(engine: RedshiftDataEngine, run: LoadRun, table: TableWork): Promise<TableLoad> {
  const started = performance.now();
  const days: DayLoad[] = [];
  for (const day of table.days) {
    // Another table broke the budget: start no further day.
    if (run.failure !== undefined) throw run.failure;
    const outcome = await copyDay(engine, table.source, day, run.context, run.budget);
    for (const file of day.files) {
      report(run, table.source, day, file.path, outcome.rowsByFile.get(file.path) ?? 0, outcome.rejectsByFile.get(file.path) ?? 0);
    }
    days.push({
      ingestDate: day.ingestDate,
      files: day.files.map((file) => file.path),
      rowsLoaded: sum(outcome.rowsByFile),
      rowsRejected: sum(outcome.rejectsByFile),
      skipped: false,
    });
  }
  return { table: table.source.tableName, created: table.created, days, seconds: (performance.now() - started) / 1000 };
}

function countFiles(days: readonly LandingDay[]): number {
  return days.reduce((count, day) => count + day.files.length, 0);
}

function sum(counts: ReadonlyMap<string, number>): number {
  return [...counts.values()].reduce((total, count) => total + count, 0);
}

function report(run: LoadRun, source: PlanSource, day: LandingDay, file: string, rowsLoaded: number, rowsRejected: number): void {
  run.filesDone += 1;
  const event: LoadProgress = {
    table: source.tableName,
    ingestDate: day.ingestDate,
    file,
    rowsLoaded,
    rowsRejected,
    skipped: false,
    filesDone: run.filesDone,
    filesTotal: run.filesTotal,
  };
  run.options.onProgress?.(event);
}
