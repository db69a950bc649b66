/**
 * The incremental chain's events, applied to a generated landing held in memory (extract-
 * records.ts). Each event picks its records at random among those it can change without
 * contradicting the rest of the landing: a deletion is a record's last version, a late version is
 * newer than every earlier one, a re-landed day drops and changes only versions that no later
 * day supersedes. Picks are seeded, so a seed gives the same chain.
 */
import type { ChainEvent } from './chain-scenario.ts';
import type { ExtractRecord, ExtractTable } from './extract-records.ts';
import { recordOf } from './extract-records.ts';
import type { RandomSource } from './random-source.ts';
import { RAW_TABLE_COLUMNS, type RawTableName } from './raw-tables.ts';
import { changedFields, updatedAtOf, withField } from './version-changes.ts';
import { SECONDS_PER_HOUR } from './ingest-calendar.ts';
import { formatTimestamp } from './value-format.ts';

export type ExtractTables = ReadonlyMap<RawTableName, ExtractTable>;

/** A past ingest day's file as it lands again on a later chain day. */
export interface Relanding {
  readonly onDay: number;
  readonly table: RawTableName;
  readonly ingestDay: number;
  readonly records: readonly ExtractRecord[];
}

/** A late version is stamped this long after the version it follows. */
const LATE_VERSION_DELAY_SECONDS = 60;

function tableOf(tables: ExtractTables, table: RawTableName): ExtractTable {
  const found = tables.get(table);
  if (found === undefined) throw new Error(`the chain's landing has no raw.${table}`);
  return found;
}

/** Ingest-day indexes on which each id has a version, ascending. */
function versionDays(table: ExtractTable): Map<string, number[]> {
  const days = new Map<string, number[]>();
  table.days.forEach((records, day) => {
    for (const record of records ?? []) {
      const id = record.fields[0] as string;
      const seen = days.get(id);
      if (seen === undefined) days.set(id, [day]);
      else if (seen[seen.length - 1] !== day) seen.push(day);
    }
  });
  return days;
}

/** The id's last record of that day: generators write a record's versions in order. */
function lastVersionOn(table: ExtractTable, day: number, id: string): ExtractRecord | undefined {
  const records = table.days[day] ?? [];
  for (let index = records.length - 1; index >= 0; index -= 1) {
    if ((records[index] as ExtractRecord).fields[0] === id) return records[index];
  }
  return undefined;
}

function isLive(table: RawTableName, record: ExtractRecord): boolean {
  const at = RAW_TABLE_COLUMNS[table].indexOf('is_deleted' as never);
  return at < 0 || record.fields[at] === 'false';
}

function dayStartSeconds(ingestDate: string): number {
  return Date.parse(`${ingestDate}T00:00:00Z`) / 1000;
}

function append(table: ExtractTable, day: number, record: ExtractRecord): void {
  const records = table.days[day];
  if (records === undefined) throw new Error(`raw.${table.table} has no file on ingest day ${day} to add a version to`);
  records.push(record);
}

function pickOrFail<T>(random: RandomSource, candidates: readonly T[], what: string): T {
  if (candidates.length === 0) throw new Error(`the incremental chain found no ${what}; generate a larger scale`);
  return random.pick(candidates);
}

/** The table's extract fails on `day`: no file; the next day's file carries its rows first. */
export function dropDayFile(tables: ExtractTables, tableName: RawTableName, day: number, ingestDates: readonly string[]): ChainEvent {
  const table = tableOf(tables, tableName);
  const records = table.days[day];
  const next = table.days[day + 1];
  if (records === undefined || next === undefined) throw new Error(`raw.${tableName} needs files on ingest days ${day} and ${day + 1}`);
  table.days[day] = undefined;
  table.days[day + 1] = [...records, ...next];
  return { kind: 'missing-file', table: tableName, ingestDate: ingestDates[day] as string, rowsArriveOn: ingestDates[day + 1] as string };
}

/** A live record whose last version is before `day` gets a deleted version on `day`. */
export function deleteOneRecord(
  tables: ExtractTables,
  tableName: RawTableName,
  day: number,
  ingestDates: readonly string[],
  random: RandomSource,
  taken: Set<string>,
): ChainEvent {
  const table = tableOf(tables, tableName);
  const candidates: { id: string; record: ExtractRecord; updatedAt: number }[] = [];
  for (const [id, days] of versionDays(table)) {
    const lastDay = days[days.length - 1] as number;
    if (lastDay >= day || taken.has(`${tableName}:${id}`)) continue;
    const record = lastVersionOn(table, lastDay, id);
    const updatedAt = record && updatedAtOf(tableName, record.fields);
    if (record?.wellFormed && isLive(tableName, record) && updatedAt !== undefined) candidates.push({ id, record, updatedAt });
  }
  const chosen = pickOrFail(random, candidates, `live ${tableName} record to delete`);
  taken.add(`${tableName}:${chosen.id}`);
  const at = Math.max(chosen.updatedAt + LATE_VERSION_DELAY_SECONDS, dayStartSeconds(ingestDates[day] as string) + 9 * SECONDS_PER_HOUR);
  const updatedAt = formatTimestamp(at);
  const deleted = withField(tableName, withField(tableName, chosen.record.fields, 'is_deleted', 'true'), 'updated_at', updatedAt);
  append(table, day, recordOf(deleted));
  return { kind: 'deletion', table: tableName, id: chosen.id, updatedAt };
}

/**
 * Up to `count` records not changed since `lastChangedDay` (a week before `day`) get a changed
 * version on `day`, stamped a minute after their last version: changed back then, extracted
 * only now. Records last changed exactly on `lastChangedDay` come first; a quiet table (products
 * at a small scale) may have none, and then older records are taken.
 */
export function addLateVersions(
  tables: ExtractTables,
  tableName: RawTableName,
  day: number,
  lastChangedDay: number,
  count: number,
  ingestDates: readonly string[],
  random: RandomSource,
  taken: Set<string>,
): ChainEvent[] {
  const table = tableOf(tables, tableName);
  const exact: LateCandidate[] = [];
  const older: LateCandidate[] = [];
  for (const [id, days] of versionDays(table)) {
    const upToDay = days.filter((versionDay) => versionDay <= day);
    const lastDay = upToDay[upToDay.length - 1] as number;
    if (lastDay > lastChangedDay || taken.has(`${tableName}:${id}`)) continue;
    const record = lastVersionOn(table, lastDay, id);
    const updatedAt = record && updatedAtOf(tableName, record.fields);
    const fields = record?.wellFormed && isLive(tableName, record) ? changedFields(tableName, record.fields) : undefined;
    if (fields !== undefined && updatedAt !== undefined) (lastDay === lastChangedDay ? exact : older).push({ id, fields, updatedAt, lastDay });
  }
  const events: ChainEvent[] = [];
  for (let picked = 0; picked < count; picked += 1) {
    const free = (candidates: readonly LateCandidate[]) => candidates.filter((candidate) => !taken.has(`${tableName}:${candidate.id}`));
    const pool = free(exact).length > 0 ? free(exact) : free(older);
    if (pool.length === 0) break;
    const chosen = random.pick(pool);
    taken.add(`${tableName}:${chosen.id}`);
    const updatedAt = formatTimestamp(chosen.updatedAt + LATE_VERSION_DELAY_SECONDS);
    append(table, day, recordOf(withField(tableName, chosen.fields, 'updated_at', updatedAt)));
    events.push({ kind: 'late-reextract', table: tableName, id: chosen.id, lastChangedOn: ingestDates[chosen.lastDay] as string, updatedAt });
  }
  return events;
}

interface LateCandidate {
  readonly id: string;
  readonly fields: string[];
  readonly updatedAt: number;
  /** The ingest day of the record's last version. */
  readonly lastDay: number;
}

/**
 * A deal's stage change from `fromDay` is extracted only on `toDay` (moved there from its day's
 * file), while the deal itself has no version landing then: only the stage-change extract brings
 * the deal into an increment. The deal has earlier stage changes, so it never lacks a history.
 */
export function delayStageChange(
  tables: ExtractTables,
  fromDay: number,
  toDay: number,
  ingestDates: readonly string[],
  random: RandomSource,
  taken: Set<string>,
): ChainEvent {
  const changes = tableOf(tables, 'deal_stage_changes');
  const dealDays = versionDays(tableOf(tables, 'deals'));
  const changeDays = versionDays(changes);
  const dealAt = RAW_TABLE_COLUMNS.deal_stage_changes.indexOf('deal_id');
  const changedAt = RAW_TABLE_COLUMNS.deal_stage_changes.indexOf('changed_at');
  const firstChangeDay = new Map<string, number>();
  changes.days.forEach((records, day) => {
    for (const record of records ?? []) {
      const deal = record.fields[dealAt] as string;
      if (!firstChangeDay.has(deal)) firstChangeDay.set(deal, day);
    }
  });
  const candidates = (changes.days[fromDay] ?? []).filter((record) => {
    const deal = record.fields[dealAt] as string;
    return (
      record.wellFormed &&
      changeDays.get(record.fields[0] as string)?.length === 1 &&
      (firstChangeDay.get(deal) ?? fromDay) < fromDay &&
      !(dealDays.get(deal) ?? []).includes(toDay) &&
      !taken.has(`deals:${deal}`)
    );
  });
  const chosen = pickOrFail(random, candidates, `stage change on ${ingestDates[fromDay]} of a deal with earlier ones`);
  taken.add(`deals:${chosen.fields[dealAt]}`);
  changes.days[fromDay] = (changes.days[fromDay] ?? []).filter((record) => record !== chosen);
  append(changes, toDay, chosen);
  return {
    kind: 'late-event',
    table: 'deal_stage_changes',
    id: chosen.fields[0] as string,
    of: chosen.fields[dealAt] as string,
    happenedOn: ingestDates[fromDay] as string,
    at: chosen.fields[changedAt] as string,
  };
}

/**
 * `ingestDay`'s file of the table, corrected, to land again on `onDay`: one version dropped (of a
 * record that an earlier day already holds, so the record itself stays) and one changed. Only
 * versions that no later day supersedes are touched, so both corrections show in the warehouse.
 * Undefined when the day has no such pair of versions.
 */
export function relandDay(
  tables: ExtractTables,
  tableName: RawTableName,
  ingestDay: number,
  onDay: number,
  ingestDates: readonly string[],
  random: RandomSource,
  taken: Set<string>,
): { relanding: Relanding; event: ChainEvent } | undefined {
  const table = tableOf(tables, tableName);
  const records = table.days[ingestDay];
  if (records === undefined) return undefined;
  const occurrences = new Map<string, number>();
  for (const record of records) occurrences.set(record.fields[0] as string, (occurrences.get(record.fields[0] as string) ?? 0) + 1);
  const days = versionDays(table);
  const untouchable = (record: ExtractRecord): boolean => {
    const id = record.fields[0] as string;
    const versions = days.get(id) ?? [];
    return !record.wellFormed || occurrences.get(id) !== 1 || versions[versions.length - 1] !== ingestDay || taken.has(`${tableName}:${id}`);
  };
  const droppable = records.filter((record) => !untouchable(record) && (days.get(record.fields[0] as string)?.[0] ?? ingestDay) < ingestDay);
  const changeable = records.filter((record) => !untouchable(record) && changedFields(tableName, record.fields) !== undefined);
  if (droppable.length === 0 || changeable.length === 0) return undefined;
  const dropped = random.pick(droppable);
  const changed = random.pick(changeable.filter((record) => record !== dropped));
  if (changed === undefined) return undefined;
  taken.add(`${tableName}:${dropped.fields[0]}`);
  taken.add(`${tableName}:${changed.fields[0]}`);
  const corrected = records
    .filter((record) => record !== dropped)
    .map((record) => (record === changed ? recordOf(changedFields(tableName, record.fields) as string[]) : record));
  return {
    relanding: { onDay, table: tableName, ingestDay, records: corrected },
    event: {
      kind: 're-landed-day',
      table: tableName,
      ingestDate: ingestDates[ingestDay] as string,
      droppedId: dropped.fields[0] as string,
      changedId: changed.fields[0] as string,
    },
  };
}

/**
 * Up to `count` records whose latest version is live and landed before `day` (and none on or after
 * it) get one of their older versions extracted again on `day`, unchanged (an export re-sending a
 * stale state): it must not win over the newer version landed before, which only the record's every
 * version shows, not the rows landed since the last build.
 */
export function addStaleVersions(
  tables: ExtractTables,
  tableName: RawTableName,
  day: number,
  count: number,
  ingestDates: readonly string[],
  random: RandomSource,
  taken: Set<string>,
): ChainEvent[] {
  const table = tableOf(tables, tableName);
  const versions = new Map<string, { record: ExtractRecord; updatedAt: number | undefined }[]>();
  // A record changed on `day` or later has a version newer than any stale copy would follow.
  const changedLater = new Set(table.days.slice(day).flatMap((records) => (records ?? []).map((record) => record.fields[0] as string)));
  table.days.forEach((records, recordDay) => {
    if (recordDay >= day) return;
    for (const record of records ?? []) {
      const id = record.fields[0] as string;
      const seen = versions.get(id) ?? [];
      seen.push({ record, updatedAt: record.wellFormed ? updatedAtOf(tableName, record.fields) : undefined });
      versions.set(id, seen);
    }
  });
  const candidates: { id: string; stale: ExtractRecord; staleAt: number; latestAt: number }[] = [];
  for (const [id, seen] of versions) {
    const latest = seen[seen.length - 1];
    const latestAt = latest?.updatedAt;
    // The last version extracted must be the newest, or the newest would already be a late arrival.
    const newest = latestAt !== undefined && seen.every((version) => version.updatedAt === undefined || version.updatedAt <= latestAt);
    if (taken.has(`${tableName}:${id}`) || changedLater.has(id) || !newest || !isLive(tableName, (latest as { record: ExtractRecord }).record)) continue;
    const older = seen.find((version) => version.updatedAt !== undefined && version.updatedAt < latestAt);
    if (older !== undefined) candidates.push({ id, stale: older.record, staleAt: older.updatedAt as number, latestAt });
  }
  const events: ChainEvent[] = [];
  for (let picked = 0; picked < count; picked += 1) {
    const pool = candidates.filter((candidate) => !taken.has(`${tableName}:${candidate.id}`));
    if (pool.length === 0) break;
    const chosen = random.pick(pool);
    taken.add(`${tableName}:${chosen.id}`);
    append(table, day, chosen.stale);
    events.push({
      kind: 'stale-reextract',
      table: tableName,
      id: chosen.id,
      extractedOn: ingestDates[day] as string,
      updatedAt: formatTimestamp(chosen.staleAt),
      latestUpdatedAt: formatTimestamp(chosen.latestAt),
    });
  }
  return events;
}

/**
 * A live record is deleted on `deletedDay` (an is_deleted version, as deleteOneRecord) and extracted
 * live again on `restoredDay`, a minute after its deletion: the restored record is back, and a
 * deletion among its versions must not remove it.
 */
export function restoreOneRecord(
  tables: ExtractTables,
  tableName: RawTableName,
  deletedDay: number,
  restoredDay: number,
  ingestDates: readonly string[],
  random: RandomSource,
  taken: Set<string>,
): ChainEvent {
  const deletion = deleteOneRecord(tables, tableName, deletedDay, ingestDates, random, taken);
  if (deletion.kind !== 'deletion') throw new Error(`raw.${tableName}: expected a deletion to restore`);
  const table = tableOf(tables, tableName);
  const deleted = lastVersionOn(table, deletedDay, deletion.id) as ExtractRecord;
  const restoredAt = formatTimestamp(Date.parse(deletion.updatedAt) / 1000 + LATE_VERSION_DELAY_SECONDS);
  append(table, restoredDay, recordOf(withField(tableName, withField(tableName, deleted.fields, 'is_deleted', 'false'), 'updated_at', restoredAt)));
  return { kind: 'restoration', table: tableName, id: deletion.id, deletedAt: deletion.updatedAt, restoredAt };
}
