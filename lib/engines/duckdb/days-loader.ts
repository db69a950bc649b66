/**
 * Loads the changed days of one raw table. Every day is replaced atomically: its rows in
 * `raw.<table>` are deleted and the newly read ones inserted in the same transaction as its
 * rejects (`audit.load_errors`) and its file record (`audit.loaded_files`), so reloading a day
 * replaces it and never duplicates it.
 *
 * The days of a table share one transaction and one DuckDB scan per header: a scan over several
 * files runs them in parallel, and one large insert is written straight to the database file
 * instead of going through the write-ahead log and a checkpoint once per day. On the 2-core
 * build machine this roughly halves load time against one transaction per day.
 *
 * Rejects are counted day by day, oldest first, against the load's error budget. When a day
 * breaks it, the transaction is rolled back and redone with only the days before it, so those
 * commit and the breaking day (and any later one) keeps its previous rows. DuckDB's reject
 * tables are transactional and vanish in the rollback, so the breaking day is scanned once more,
 * outside any transaction, only to write its rejects to `audit.load_errors`.
 *
 * A file that cannot be read whole (unreadable-files.ts) stops the table at its day the same way:
 * the days before it commit, its day and later ones keep their previous rows, and the load fails.
 *
 * Round trips are kept few: a raw table this load created holds no day, so nothing is deleted from
 * it; the rows and rejects of every file are counted in one query; the rejects of all scans are
 * recorded in one insert (none when there are none), and the days' file records in one delete and
 * one insert.
 */
import { randomUUID } from 'node:crypto';
import { qualified } from '../../plan/plan.ts';
import type { PlanSource } from '../../plan/plan.ts';
import { quoteIdentifier } from '../../sql/identifiers.ts';
import { sqlString } from '../../sql/literals.ts';
import type { FileGroup, RejectedFile } from '../../landing/file-groups.ts';
import { readingLanding } from '../../landing/landing-read-error.ts';
import { readLayout } from '../../landing/read-layout.ts';
import { recordDaysStatements } from '../../landing/loaded-files.ts';
import type { DayOutcome, DaysOutcome } from '../../landing/load-orchestration.ts';
import type { LoadBudgetExceededError } from '../../landing/load-summary.ts';
import { localFileStamp } from '../../landing/local-landing.ts';
import type { LandingDay } from '../../landing/local-landing.ts';
import type { RejectBudget } from '../../landing/reject-budget.ts';
import { UnreadableLandingFilesError } from '../../landing/unreadable-files.ts';
import { readCsvCall, scanIntoStatement } from './csv-scan.ts';
import type { DuckDbConnection } from './duckdb-connection.ts';
import { withOffsetsInUtc } from './offset-rewrite.ts';
import { recordRejectedFilesStatements, recordRejectsStatement, rejectCountsSelect } from './load-errors.ts';
import type { LoadContext, ScanRejects } from './load-errors.ts';

/** The readable files of the days being loaded, grouped for scans. */
interface Prepared {
  readonly groups: readonly FileGroup[];
}

/** The files of the days being loaded, matched against the contract; `rejected` cannot be read whole. */
interface Checked extends Prepared {
  readonly rejected: readonly RejectedFile[];
}

/** What the loader knows of the raw table before loading into it. */
export interface RawTableState {
  /** Created by this load: it holds none of the days, so none need deleting. */
  readonly isNew: boolean;
}

/** Rolls a transaction back when its days do not all fit the budget. */
class BudgetBroken extends Error {
  constructor(
    readonly admitted: number,
    readonly failure: LoadBudgetExceededError,
  ) {
    super(failure.message);
  }
}

export async function loadDays(
  connection: DuckDbConnection,
  source: PlanSource,
  days: readonly LandingDay[],
  context: LoadContext,
  budget: RejectBudget,
  table: RawTableState,
): Promise<DaysOutcome> {
  if (days.length === 0) return { loaded: [] };
  const prepared: Checked = await readLayout(source, days.flatMap((day) => day.files));
  const broken = days.findIndex((day) => prepared.rejected.some((entry) => entry.file.ingestDate === day.ingestDate));
  if (broken >= 0) return loadUpToUnreadable(connection, source, days, broken, prepared.rejected, context, budget, table);
  return withOffsetsInUtc(prepared.groups, (groups) => loadReadable(connection, source, days, { groups }, context, budget, table));
}

async function loadReadable(
  connection: DuckDbConnection,
  source: PlanSource,
  days: readonly LandingDay[],
  prepared: Prepared,
  context: LoadContext,
  budget: RejectBudget,
  table: RawTableState,
): Promise<DaysOutcome> {
  try {
    const loaded = await replaceDays(connection, source, days, prepared, context, table, (rejects) => admit(budget, days, rejects));
    return { loaded };
  } catch (error) {
    if (!(error instanceof BudgetBroken)) throw error;
    const accepted = days.slice(0, error.admitted);
    const loaded = accepted.length > 0
      ? await replaceDays(connection, source, accepted, only(prepared, accepted), context, table, () => accepted.length)
      : [];
    await recordRejectsOnly(connection, source, only(prepared, [days[error.admitted] as LandingDay]), context);
    return { loaded, failure: error.failure };
  }
}

/**
 * The days before the first one holding an unreadable file load as usual; that day and later ones
 * keep their previous rows, its files' problems are written to audit.load_errors, and the load fails.
 */
async function loadUpToUnreadable(
  connection: DuckDbConnection,
  source: PlanSource,
  days: readonly LandingDay[],
  broken: number,
  rejected: readonly RejectedFile[],
  context: LoadContext,
  budget: RejectBudget,
  table: RawTableState,
): Promise<DaysOutcome> {
  const before = await loadDays(connection, source, days.slice(0, broken), context, budget, table);
  if (before.failure !== undefined) return before;
  const day = days[broken] as LandingDay;
  const unreadable = rejected.filter((entry) => entry.file.ingestDate === day.ingestDate);
  await connection.transaction(recordRejectedFilesStatements(context, unreadable));
  const files = unreadable.map((entry) => ({ path: entry.file.relativePath, reason: entry.reason }));
  return { loaded: before.loaded, failure: new UnreadableLandingFilesError(context.table, day.ingestDate, files) };
}

/** How many days, oldest first, fit the budget; counts them (and the first that does not) against it. */
function admit(budget: RejectBudget, days: readonly LandingDay[], rejects: ReadonlyMap<string, number>): number {
  for (const [index, day] of days.entries()) {
    const dayRejects = new Map(day.files.map((file) => [file.relativePath, rejects.get(file.relativePath) ?? 0]));
    const failure = budget.add(dayRejects);
    if (failure) throw new BudgetBroken(index, failure);
  }
  return days.length;
}

async function replaceDays(
  connection: DuckDbConnection,
  source: PlanSource,
  days: readonly LandingDay[],
  prepared: Prepared,
  context: LoadContext,
  table: RawTableState,
  admitDays: (rejects: ReadonlyMap<string, number>) => number,
): Promise<DayOutcome[]> {
  const raw = qualified(source.relation);
  const dates = days.map((day) => `date ${sqlString(day.ingestDate)}`).join(', ');
  const scans = scansOf(prepared.groups);
  try {
    return await connection.inTransaction(async () => {
      if (!table.isNew) await connection.execute(`delete from ${raw} where _ingest_date in (${dates})`);
      for (const [index, group] of prepared.groups.entries()) {
        const insert = scanIntoStatement(raw, contractColumns(source), group, (scans[index] as ScanRejects).tables, context.loadedAt);
        await readingLanding(group.files, () => connection.execute(insert));
      }
      const { rows, rejects } = await countByFile(connection, raw, dates, scans);
      admitDays(rejects);
      const rejecting = scans.filter((scan) => scan.files.some((file) => rejects.has(file.relativePath)));
      const statements = [
        ...(rejecting.length > 0 ? [recordRejectsStatement(context, rejecting)] : []),
        ...recordDaysStatements(context.table, days.map((day) => ({ ingestDate: day.ingestDate, files: day.files.map(localFileStamp) })), context, sqlString),
      ];
      for (const statement of statements) await connection.execute(statement);
      return days.map((day) => ({
        ingestDate: day.ingestDate,
        rowsByFile: new Map(day.files.map((file) => [file.relativePath, rows.get(file.relativePath) ?? 0])),
        rejectsByFile: new Map(day.files.map((file) => [file.relativePath, rejects.get(file.relativePath) ?? 0])),
      }));
    });
  } finally {
    await dropTables(connection, scans);
  }
}

/** Scans files only to write their rejects: for a day whose load was rolled back. */
async function recordRejectsOnly(
  connection: DuckDbConnection,
  source: PlanSource,
  prepared: Prepared,
  context: LoadContext,
): Promise<void> {
  const scans = scansOf(prepared.groups);
  // Every contract column is selected into a table: a scan that projects a column away never
  // casts it, and would miss that column's rejects.
  const columns = contractColumns(source).map(quoteIdentifier).join(', ');
  const scratch = `load_rescan_${randomToken()}`;
  try {
    for (const [index, group] of prepared.groups.entries()) {
      const read = readCsvCall(group, (scans[index] as ScanRejects).tables);
      await readingLanding(group.files, () =>
        connection.execute(`create or replace temp table ${scratch} as select ${columns} from ${read}`),
      );
    }
    await connection.transaction([recordRejectsStatement(context, scans)]);
  } finally {
    await connection.execute(`drop table if exists temp.${scratch}`).catch(() => undefined);
    await dropTables(connection, scans);
  }
}

/** The part of a preparation that concerns `days`. */
function only(prepared: Prepared, days: readonly LandingDay[]): Prepared {
  const dates = new Set(days.map((day) => day.ingestDate));
  const groups = prepared.groups
    .map((group) => ({ ...group, files: group.files.filter((file) => dates.has(file.ingestDate)) }))
    .filter((group) => group.files.length > 0);
  return { groups };
}

function contractColumns(source: PlanSource): string[] {
  return source.columns.map((column) => column.name);
}

function randomToken(): string {
  return randomUUID().replaceAll('-', '').slice(0, 12);
}

/** Fresh names per scan: DuckDB keeps reject tables per connection and appends to them across scans. */
function scansOf(groups: readonly FileGroup[]): ScanRejects[] {
  const token = randomToken();
  return groups.map((group, index) => ({
    tables: { scans: `load_reject_scans_${token}_${index}`, errors: `load_reject_errors_${token}_${index}` },
    files: group.files,
  }));
}

/**
 * Rows loaded (those of `dates` now in the raw table) and rows rejected, per landing file, in one
 * query; a file with no rejected row has no entry in `rejects`.
 */
async function countByFile(
  connection: DuckDbConnection,
  raw: string,
  dates: string,
  scans: readonly ScanRejects[],
): Promise<{ rows: Map<string, number>; rejects: Map<string, number> }> {
  const counted = await connection.query(
    `select file, sum(loaded) as loaded, sum(rejected) as rejected from (
       select _source_file as file, count(*) as loaded, 0 as rejected from ${raw} where _ingest_date in (${dates}) group by _source_file
       ${scans.map((scan) => `union all select source_file, 0, rejected from (${rejectCountsSelect(scan)})`).join('\n       ')}
     ) group by file`,
  );
  const rows = new Map<string, number>();
  const rejects = new Map<string, number>();
  for (const row of counted) {
    const file = String(row.file);
    if (Number(row.loaded) > 0) rows.set(file, Number(row.loaded));
    if (Number(row.rejected) > 0) rejects.set(file, Number(row.rejected));
  }
  return { rows, rejects };
}

async function dropTables(connection: DuckDbConnection, scans: readonly ScanRejects[]): Promise<void> {
  const drops = scans.flatMap((scan) => [scan.tables.scans, scan.tables.errors]).map((table) => `drop table if exists temp.${table}`);
  // One round trip: DuckDB runs every statement of the text. Temporary tables die with the
  // connection anyway; a failed drop must not hide the load's own error.
  if (drops.length > 0) await connection.execute(drops.join(';\n')).catch(() => undefined);
}
