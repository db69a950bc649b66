/**
 * Writes the incremental-chain scenario: a generated landing (generate-landing.ts) split into the
 * files that land on each day, with the scenario's events (chain-scenario.ts) applied, so a test
 * or a person can land day 1, build, land day 2, build, ... and compare the result with a full
 * refresh of the final landing.
 *
 * Layout under `outDir`: `chain.json` (the manifest: each day's run date, files and events) and
 * one folder per day, `day-01/`, `day-02/`, ..., each holding that day's files in the landing
 * layout (`raw/<table>/ingest_date=<date>/part-0000.csv`). Copying `day-NN/` over a landing
 * folder lands that day; a re-landed past day's file replaces the one landed before.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  addLateVersions,
  addStaleVersions,
  delayStageChange,
  deleteOneRecord,
  dropDayFile,
  relandDay,
  restoreOneRecord,
  type ExtractTables,
  type Relanding,
} from './chain-events.ts';
import {
  CHAIN_MANIFEST_FILE,
  CHAIN_SCENARIO,
  chainDayFolder,
  MIN_CHAIN_DAYS,
  type ChainDay,
  type ChainEvent,
  type ChainFile,
  type ChainManifest,
} from './chain-scenario.ts';
import { readExtractTable, writeExtractFile, type ExtractRecord } from './extract-records.ts';
import { generateLanding } from './generate-landing.ts';
import { DEFAULT_DIRTY_SHARE } from './generate-options.ts';
import { landingFilePath } from './landing-paths.ts';
import { GenerateOptionsError } from './options-validation.ts';
import { deriveSeed, RandomSource } from './random-source.ts';
import { RAW_TABLE_NAMES, type RawTableName } from './raw-tables.ts';
import { CHANGEABLE_TABLES } from './version-changes.ts';

export interface IncrementalChainOptions {
  /** The chain folder (manifest and day folders); day folders of an earlier chain there are replaced. */
  readonly outDir: string;
  readonly scale: number;
  /** At least ten consecutive ingest days, ending at `endDate`. */
  readonly days: number;
  readonly seed: number;
  readonly endDate: string;
  /** @default 0.01, as `generate` */
  readonly dirtyShare?: number;
}

export async function generateIncrementalChain(options: IncrementalChainOptions): Promise<ChainManifest> {
  if (!Number.isInteger(options.days) || options.days < MIN_CHAIN_DAYS) {
    throw new GenerateOptionsError([`the incremental-chain scenario needs at least ${MIN_CHAIN_DAYS} days, got ${options.days}`]);
  }
  const dirtyShare = options.dirtyShare ?? DEFAULT_DIRTY_SHARE;
  const baseDir = await mkdtemp(join(tmpdir(), 'crm-chain-'));
  try {
    const summary = await generateLanding({ ...options, outDir: baseDir, dirtyShare, parallel: false });
    const ingestDates = summary.ingestDates;
    const tables = new Map<RawTableName, Awaited<ReturnType<typeof readExtractTable>>>();
    for (const table of RAW_TABLE_NAMES) tables.set(table, await readExtractTable(baseDir, table, ingestDates));

    const { events, relandings } = applyScenario(tables, ingestDates, new RandomSource(deriveSeed(options.seed, 'incremental-chain')));
    await removeEarlierChain(options.outDir);
    const days: ChainDay[] = [];
    for (const [day, runDate] of ingestDates.entries()) {
      const folder = join(options.outDir, chainDayFolder(day + 1));
      const files: ChainFile[] = [];
      const write = async (table: RawTableName, ingestDay: number, records: readonly ExtractRecord[], reLanded: boolean): Promise<void> => {
        const ingestDate = ingestDates[ingestDay] as string;
        await writeExtractFile(folder, table, ingestDate, records);
        files.push({ table, ingestDate, path: relative(folder, landingFilePath(folder, table, ingestDate)), rows: records.length, reLanded });
      };
      for (const [table, extract] of tables) {
        const records = extract.days[day];
        if (records !== undefined) await write(table, day, records, false);
      }
      for (const relanding of relandings.filter((candidate) => candidate.onDay === day)) {
        await write(relanding.table, relanding.ingestDay, relanding.records, true);
      }
      days.push({ day: day + 1, folder: chainDayFolder(day + 1), runDate, files, events: events.get(day) ?? [] });
    }
    const manifest: ChainManifest = { scenario: 'incremental-chain', scale: options.scale, seed: options.seed, dirtyShare, days };
    await writeFile(join(options.outDir, CHAIN_MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await rm(baseDir, { recursive: true, force: true });
  }
}

function applyScenario(
  tables: ExtractTables,
  ingestDates: readonly string[],
  random: RandomSource,
): { events: Map<number, ChainEvent[]>; relandings: Relanding[] } {
  const events = new Map<number, ChainEvent[]>();
  const record = (day: number, ...happened: ChainEvent[]): void => {
    events.set(day, [...(events.get(day) ?? []), ...happened]);
  };
  const taken = new Set<string>();
  const { missingFile, deletions, restorations, relanding, lateReextracts, staleReextracts } = CHAIN_SCENARIO;

  record(missingFile.day, dropDayFile(tables, missingFile.table, missingFile.day, ingestDates));
  for (const table of deletions.tables) record(deletions.day, deleteOneRecord(tables, table, deletions.day, ingestDates, random, taken));
  for (const table of restorations.tables) {
    record(restorations.restoredDay, restoreOneRecord(tables, table, restorations.deletedDay, restorations.restoredDay, ingestDates, random, taken));
  }
  record(lateReextracts.day, delayStageChange(tables, lateReextracts.lastChangedDay, lateReextracts.day, ingestDates, random, taken));
  for (const table of CHANGEABLE_TABLES) {
    record(
      lateReextracts.day,
      ...addLateVersions(tables, table, lateReextracts.day, lateReextracts.lastChangedDay, lateReextracts.perTable, ingestDates, random, taken),
    );
  }
  for (const table of CHANGEABLE_TABLES) {
    record(staleReextracts.day, ...addStaleVersions(tables, table, staleReextracts.day, staleReextracts.perTable, ingestDates, random, taken));
  }
  // Re-landing comes last: which versions no later day supersedes depends on the events above.
  const relandings: Relanding[] = [];
  for (const table of CHANGEABLE_TABLES) {
    const corrected = relandDay(tables, table, relanding.ingestDay, relanding.day, ingestDates, random, taken);
    if (corrected === undefined) continue;
    relandings.push(corrected.relanding);
    record(relanding.day, corrected.event);
  }
  if (relandings.length === 0) throw new Error(`the incremental chain found no version to drop and change on ${ingestDates[relanding.ingestDay]}; generate a larger scale`);
  return { events, relandings };
}

/** Only the chain's own names: anything else in the folder is not ours. */
async function removeEarlierChain(outDir: string): Promise<void> {
  const entries = await readdir(outDir).catch(() => [] as string[]);
  for (const entry of entries) {
    if (/^day-\d{2,}$/.test(entry) || entry === CHAIN_MANIFEST_FILE) await rm(join(outDir, entry), { recursive: true, force: true });
  }
}
