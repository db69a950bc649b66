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
 */
import { randomUUID } from 'node:crypto';
import { qualified } from '../../plan/plan.ts';
import type { PlanSource } from '../../plan/plan.ts';
import { quoteIdentifier } from '../../sql/identifiers.ts';
import { sqlString } from '../../sql/literals.ts';
import type { FileGroup, RejectedFile } from '../../landing/file-groups.ts';
import { readingLanding } from '../../landing/landing-read-error.ts';
import { readLayout } from '../../landing/read-layout.ts';
import { recordDayStatements } from '../../landing/loaded-files.ts';
import type { DayOutcome, DaysOutcome } from '../../landing/load-orchestration.ts';
import type { LoadBudgetExceededError } from '../../landing/load-summary.ts';
import { localFileStamp } from '../../landing/local-landing.ts';
import type { LandingDay } from '../../landing/local-landing.ts';
import type { RejectBudget } from '../../landing/reject-budget.ts';
import { UnreadableLandingFilesError } from '../../landing/unreadable-files.ts';
import { readCsvCall, scanIntoStatement } from './csv-scan.ts';
import type { RejectTables } from './csv-scan.ts';
import type { DuckDbConnection } from './duckdb-connection.ts';
import { withOffsetsInUtc } from './offset-rewrite.ts';
import { recordRejectedFilesStatements, recordRejectsStatement, rejectCounts } from './load-errors.ts';
import type { LoadContext } from './load-errors.ts';

/** The readable files of the days being loaded, grouped for scans. */
interface Prepared {
  readonly groups: readonly FileGroup[];
}

/** The files of the days being loaded, matched against the contract; `rejected` cannot be read whole. */
interface Checked extends Prepared {
  readonly rejected: readonly RejectedFile[];
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
): Promise<DaysOutcome> {
  if (days.length === 0) return { loaded: [] };
  const prepared: Checked = await readLayout(source, days.flatMap((day) => day.files));
  const broken = days.findIndex((day) => prepared.rejected.some((entry) => entry.file.ingestDate === day.ingestDate));
  if (broken >= 0) return loadUpToUnreadable(connection, source, days, broken, prepared.rejected, context, budget);
  return withOffsetsInUtc(prepared.groups, (groups) => loadReadable(connection, source, days, { groups }, context, budget));
}

async function loadReadable(
  connection: DuckDbConnection,
  source: PlanSource,
  days: readonly LandingDay[],
  prepared: Prepared,
  context: LoadContext,
  budget: RejectBudget,
): Promise<DaysOutcome> {
  try {
    const loaded = await replaceDays(connection, source, days, prepared, context, (rejects) => admit(budget, days, rejects));
    return { loaded };
  } catch (error) {
    if (!(error instanceof BudgetBroken)) throw error;
    const accepted = days.slice(0, error.admitted);
    const loaded = accepted.length > 0
      ? await replaceDays(connection, source, accepted, only(prepared, accepted), context, () => accepted.length)
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
): Promise<DaysOutcome> {
  const before = await loadDays(connection, source, days.slice(0, broken), context, budget);
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
  admitDays: (rejects: ReadonlyMap<string, number>) => number,
): Promise<DayOutcome[]> {
  const raw = qualified(source.relation);
  const dates = days.map((day) => `date ${sqlString(day.ingestDate)}`).join(', ');
  const rejectTables = rejectTablesFor(prepared.groups);
  try {
    return await connection.inTransaction(async () => {
      await connection.execute(`delete from ${raw} where _ingest_date in (${dates})`);
      for (const [index, group] of prepared.groups.entries()) {
        const insert = scanIntoStatement(raw, contractColumns(source), group, rejectTables[index] as RejectTables, context.loadedAt);
        await readingLanding(group.files, () => connection.execute(insert));
      }
      const rejects = await countRejects(connection, prepared, rejectTables);
      admitDays(rejects);
      const counted = await connection.query(
        `select _source_file as file, count(*) as row_count from ${raw} where _ingest_date in (${dates}) group by _source_file`,
      );
      const statements = [
        ...prepared.groups.map((group, index) => recordRejectsStatement(context, rejectTables[index] as RejectTables, group.files)),
        ...days.flatMap((day) => recordDayStatements(context.table, day.ingestDate, day.files.map(localFileStamp), context, sqlString)),
      ];
      for (const statement of statements) await connection.execute(statement);
      const rows = new Map(counted.map((row) => [String(row.file), Number(row.row_count)]));
      return days.map((day) => ({
        ingestDate: day.ingestDate,
        rowsByFile: new Map(day.files.map((file) => [file.relativePath, rows.get(file.relativePath) ?? 0])),
        rejectsByFile: new Map(day.files.map((file) => [file.relativePath, rejects.get(file.relativePath) ?? 0])),
      }));
    });
  } finally {
    await dropTables(connection, rejectTables);
  }
}

/** Scans files only to write their rejects: for a day whose load was rolled back. */
async function recordRejectsOnly(
  connection: DuckDbConnection,
  source: PlanSource,
  prepared: Prepared,
  context: LoadContext,
): Promise<void> {
  const rejectTables = rejectTablesFor(prepared.groups);
  // Every contract column is selected into a table: a scan that projects a column away never
  // casts it, and would miss that column's rejects.
  const columns = contractColumns(source).map(quoteIdentifier).join(', ');
  const scratch = `load_rescan_${randomToken()}`;
  try {
    for (const [index, group] of prepared.groups.entries()) {
      const read = readCsvCall(group, rejectTables[index] as RejectTables);
      await readingLanding(group.files, () =>
        connection.execute(`create or replace temp table ${scratch} as select ${columns} from ${read}`),
      );
    }
    await connection.transaction([
      ...prepared.groups.map((group, index) => recordRejectsStatement(context, rejectTables[index] as RejectTables, group.files)),
    ]);
  } finally {
    await connection.execute(`drop table if exists temp.${scratch}`).catch(() => undefined);
    await dropTables(connection, rejectTables);
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
function rejectTablesFor(groups: readonly FileGroup[]): RejectTables[] {
  const token = randomToken();
  return groups.map((_, index) => ({
    scans: `load_reject_scans_${token}_${index}`,
    errors: `load_reject_errors_${token}_${index}`,
  }));
}

async function countRejects(
  connection: DuckDbConnection,
  prepared: Prepared,
  rejectTables: readonly RejectTables[],
): Promise<Map<string, number>> {
  const rejects = new Map<string, number>();
  for (const [index, group] of prepared.groups.entries()) {
    for (const [file, count] of await rejectCounts(connection, rejectTables[index] as RejectTables, group.files)) {
      rejects.set(file, (rejects.get(file) ?? 0) + count);
    }
  }
  return rejects;
}

async function dropTables(connection: DuckDbConnection, rejectTables: readonly RejectTables[]): Promise<void> {
  // Temporary tables die with the connection anyway; a failed drop must not hide the load's own error.
  for (const table of rejectTables.flatMap((tables) => [tables.scans, tables.errors])) {
    await connection.execute(`drop table if exists temp.${table}`).catch(() => undefined);
  }
}
