/**
 * Loads one day of one raw table with COPY, in two steps, because the Data API keeps no session
 * between calls (a temporary table would vanish after the call that made it) and because the
 * error budget must be checked before the day commits. First, a file that cannot be read whole
 * (0 bytes, a header lacking a contract column) stops the day before anything is staged: its
 * problem is written to audit.load_errors, the day keeps its rows and the load fails
 * (lib/landing/unreadable-files.ts). Then:
 *
 * 1. Stage: the day's files are copied into a scratch table next to the raw one
 *    (`raw.<table>__load`, replaced on each use), one COPY per file so each row keeps its file
 *    (copy-statements.ts). This commits only the scratch table, in as few batches as the Data
 *    API's limits allow (a day of many files needs no single transaction here).
 * 2. Count the day's rejects and write them to audit.load_errors (load-rejects.ts). Within the
 *    budget, one transaction deletes the day from `raw.<table>`, inserts the staged rows and drops
 *    the scratch table: the day is replaced as a unit and a reload never duplicates it. Past the
 *    budget, the day keeps its previous rows and the load fails with LoadBudgetExceeded.
 *
 * Every COPY runs with the largest MAXERROR (copy-statements.ts), so the budget is enforced here,
 * not by a failing COPY. Only a file with 100,000 bad rows or more fails its COPY; its rejects are
 * recorded all the same, and the load fails with LoadBudgetExceeded when they break the budget.
 */
import type { SubStatementData } from '@aws-sdk/client-redshift-data';
import type { PlanSource } from '../../plan/plan.ts';
import { stampsToRecord } from '../../landing/day-plan.ts';
import type { RejectBudget } from '../../landing/reject-budget.ts';
import { UnreadableLandingFilesError } from '../../landing/unreadable-files.ts';
import { splitIntoBatches } from './batch-limits.ts';
import { layoutObject } from './copy-columns.ts';
import { commitDayStatements, dropScratchStatement, stagedRowsQuery, stagingStatements, type StagingStatement } from './copy-statements.ts';
import type { LandingDay, LandingFileToLoad, LandingLocation } from './landing-listing.ts';
import { objectStamp } from './landing-listing.ts';
import * as loadRejects from './load-rejects.ts';
import type { CopyRun, RejectContext, RejectedFile } from './load-rejects.ts';
import type { RedshiftDataEngine } from './redshift-data-engine.ts';
import { RedshiftStatementError } from './statement-errors.ts';

export interface DayCopyContext {
  readonly runId: string;
  /** A SQL timestamp expression, the same for the whole load. */
  readonly loadedAt: string;
  readonly iamRole: string;
  readonly location: LandingLocation;
}

export interface DayCopyOutcome {
  /** Rows loaded and rejected per landing path. */
  readonly rowsByFile: ReadonlyMap<string, number>;
  readonly rejectsByFile: ReadonlyMap<string, number>;
}

/** A COPY that ran but whose query id DescribeStatement did not give: its rejects cannot be found. */
export class MissingQueryIdError extends Error {
  constructor(readonly path: string) {
    super(`${path}: DescribeStatement gave no RedshiftQueryId for this file's COPY, so its rejected rows cannot be read; the day was not loaded`);
    this.name = 'MissingQueryIdError';
  }
}

class StagingFailed extends Error {
  constructor(
    readonly failure: RedshiftStatementError,
    readonly runs: readonly CopyRun[],
    readonly failedCopy: boolean,
  ) {
    super(failure.message);
  }
}

const RAN = new Set(['FINISHED', 'FAILED']);


export async function copyDay(
  engine: RedshiftDataEngine,
  source: PlanSource,
  day: LandingDay,
  context: DayCopyContext,
  budget: RejectBudget,
): Promise<DayCopyOutcome> {
  const laidOut = day.files.map((file) => ({ file, layout: layoutObject(source, file) }));
  const rejected: RejectedFile[] = laidOut.flatMap(({ file, layout }) => (layout.kind === 'rejected' ? [{ path: file.path, ...layout }] : []));
  const copied = laidOut.flatMap(({ file, layout }) => (layout.kind === 'copy' ? [{ path: file.path, gzip: file.gzip, columns: layout.columns }] : []));
  const rejectContext: RejectContext = { runId: context.runId, table: source.tableName, ingestDate: day.ingestDate, loggedAt: context.loadedAt };
  if (rejected.length > 0) {
    // A file that cannot be read whole never replaces its day (lib/landing/unreadable-files.ts).
    await engine.runTransaction(loadRejects.recordRejectedFilesStatements(rejectContext, rejected));
    throw new UnreadableLandingFilesError(source.tableName, day.ingestDate, rejected.map((file) => ({ path: file.path, reason: file.reason })));
  }
  const lastPath = copied.at(-1)?.path;

  let runs: CopyRun[];
  try {
    runs = await stage(engine, stagingStatements(source, copied, { landingUri: context.location.uri, iamRole: context.iamRole }));
  } catch (error) {
    if (!(error instanceof StagingFailed)) throw error;
    if (error.failedCopy) {
      const rejects = perFile(day.files, await rejectCounts(engine, error.runs));
      await recordRejects(engine, rejectContext, error.runs);
      const failure = budget.add(rejects);
      await engine.execute(dropScratchStatement(source)).catch(() => undefined);
      if (failure) throw failure;
      throw error.failure;
    }
    await engine.execute(dropScratchStatement(source)).catch(() => undefined);
    throw error.failure;
  }

  const rejectsByFile = perFile(day.files, await rejectCounts(engine, runs));
  await recordRejects(engine, rejectContext, runs);
  const failure = budget.add(rejectsByFile);
  if (failure) {
    await engine.execute(dropScratchStatement(source));
    throw failure;
  }
  const rowsByFile = await stagedRowCounts(engine, source, day.files, lastPath);
  await engine.runTransaction(commitDayStatements(source, day.ingestDate, lastPath, stampsToRecord(day.files.map(objectStamp)), context));
  return { rowsByFile, rejectsByFile };
}

async function rejectCounts(engine: RedshiftDataEngine, runs: readonly CopyRun[]): Promise<Map<string, number>> {
  return runs.length === 0 ? new Map() : loadRejects.rejectCountsOf(await engine.query(loadRejects.rejectCountsQuery(runs)), runs);
}

/** The day's rejects into audit.load_errors, page by page; each page commits on its own. */
async function recordRejects(engine: RedshiftDataEngine, context: RejectContext, runs: readonly CopyRun[]): Promise<void> {
  if (runs.length === 0) return;
  let query: string | undefined = loadRejects.rejectDetailsQuery(runs, 0);
  for (let page = 0; query !== undefined; page += 1) {
    const details = await engine.query(query);
    const statements = loadRejects.recordRejectDetailsStatements(context, details, runs);
    if (statements.length > 0) await engine.runTransaction(statements);
    query = loadRejects.nextRejectDetailsQuery(runs, page, details);
  }
}

/** Runs the staging statements batch by batch; returns each COPY's query id. */
async function stage(engine: RedshiftDataEngine, statements: readonly StagingStatement[]): Promise<CopyRun[]> {
  const subStatements: SubStatementData[] = [];
  for (const batch of splitIntoBatches(statements.map((statement) => statement.sql))) {
    try {
      subStatements.push(...(await engine.runTransaction(batch)).subStatements);
    } catch (error) {
      if (!(error instanceof RedshiftStatementError) || error.position === undefined) throw error;
      const failedAt = subStatements.length + error.position.index;
      const ran = [...subStatements, ...error.subStatements];
      // A COPY that failed before it read anything may have no query id; there is nothing to read then.
      const runs = copyRuns(statements, ran).filter((run): run is CopyRun => !(run instanceof MissingQueryIdError));
      throw new StagingFailed(error, runs, statements[failedAt]?.copies !== undefined);
    }
  }
  return copyRuns(statements, subStatements).map((run) => {
    if (run instanceof MissingQueryIdError) throw run;
    return run;
  });
}

function copyRuns(statements: readonly StagingStatement[], subStatements: readonly SubStatementData[]): (CopyRun | MissingQueryIdError)[] {
  return statements.flatMap((statement, index) => {
    const sub = subStatements[index];
    if (statement.copies === undefined || sub === undefined || !RAN.has(sub.Status ?? '')) return [];
    const queryId = sub.RedshiftQueryId;
    return [queryId === undefined || queryId <= 0 ? new MissingQueryIdError(statement.copies) : { path: statement.copies, queryId }];
  });
}

/** Every file of the day with its COPY's rejects. */
function perFile(files: readonly LandingFileToLoad[], counts: ReadonlyMap<string, number>): Map<string, number> {
  return new Map(files.map((file) => [file.path, counts.get(file.path) ?? 0]));
}

async function stagedRowCounts(
  engine: RedshiftDataEngine,
  source: PlanSource,
  files: readonly LandingFileToLoad[],
  lastPath: string | undefined,
): Promise<Map<string, number>> {
  const counts = new Map(files.map((file) => [file.path, 0]));
  if (lastPath === undefined) return counts;
  const rows = await engine.query(stagedRowsQuery(source, lastPath));
  for (const row of rows) counts.set(String(row.source_file), Number(row.row_count));
  return counts;
}
