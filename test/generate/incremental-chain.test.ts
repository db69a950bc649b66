/**
 * The incremental-chain scenario at scale 0.01 over ten days: the manifest's events are read back
 * from the day folders and checked against the files (a deletion is the record's last version, a
 * late version follows a week-old one, a re-landed day drops one version and changes one), the
 * day folders replayed in order give the final landing, and a seed gives the same chain.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainDay, landChainDay, readChainManifest } from '../../lib/generate/chain-replay.ts';
import type { ChainEvent, ChainManifest } from '../../lib/generate/chain-scenario.ts';
import { generateIncrementalChain } from '../../lib/generate/incremental-chain.ts';
import { GenerateOptionsError } from '../../lib/generate/options-validation.ts';
import { RAW_TABLE_NAMES } from '../../lib/generate/raw-tables.ts';
import { landingRows, readLandingTable, type LandingRow } from './landing-reader.ts';

const OPTIONS = { scale: 0.01, days: 10, seed: 42, endDate: '2026-11-24' };
const workDir = mkdtempSync(join(tmpdir(), 'crm-chain-test-'));
const chainDir = join(workDir, 'chain');
const landingDir = join(workDir, 'landing');
let manifest: ChainManifest;

const eventsOf = <K extends ChainEvent['kind']>(kind: K): Extract<ChainEvent, { kind: K }>[] =>
  manifest.days.flatMap((day) => day.events.filter((event): event is Extract<ChainEvent, { kind: K }> => event.kind === kind));
const dayOfEvent = (event: ChainEvent): number => manifest.days.find((day) => day.events.includes(event))!.day;
const finalRows = (table: string): LandingRow[] => landingRows(readLandingTable(landingDir, table));
const dayRows = (day: number, table: string): LandingRow[] => landingRows(readLandingTable(join(chainDir, chainDay(manifest, day).folder), table));
const versionsOf = (rows: readonly LandingRow[], idColumn: string, id: string): LandingRow[] => rows.filter((row) => row.values[idColumn] === id);
const ID_COLUMN: Record<string, string> = { accounts: 'account_id', contacts: 'contact_id', deals: 'deal_id', activities: 'activity_id', tickets: 'ticket_id', orders: 'order_id', products: 'product_id' };

function landingDigest(dir: string): string {
  const hash = createHash('sha256');
  for (const table of RAW_TABLE_NAMES) {
    for (const file of readLandingTable(dir, table)) hash.update(`${table}/${file.ingestDate}:${JSON.stringify(file.records)}`);
  }
  return hash.digest('hex');
}

beforeAll(async () => {
  manifest = await generateIncrementalChain({ ...OPTIONS, outDir: chainDir });
  for (const day of manifest.days) await landChainDay(chainDir, manifest, day.day, landingDir);
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('the incremental-chain scenario', () => {
  it('has ten days, each run on its ingest date, and a manifest on disk that equals the returned one', async () => {
    expect(manifest.days.map((day) => day.runDate)).toEqual([
      '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24',
    ]);
    expect(await readChainManifest(chainDir)).toEqual(manifest);
    for (const day of manifest.days) {
      for (const file of day.files) expect(existsSync(join(chainDir, day.folder, file.path)), file.path).toBe(true);
      // A day's own files are of its ingest date; only re-landed files are of an earlier one.
      for (const file of day.files) expect(file.ingestDate <= day.runDate && (file.reLanded || file.ingestDate === day.runDate), file.path).toBe(true);
    }
  });

  it('leaves one table without a file for a day and brings its rows with the next day', () => {
    const [missing] = eventsOf('missing-file');
    expect(missing).toMatchObject({ table: 'orders', ingestDate: '2026-11-17', rowsArriveOn: '2026-11-18' });
    expect(manifest.days.flatMap((day) => day.files).filter((file) => file.table === 'orders' && file.ingestDate === '2026-11-17')).toEqual([]);
    const carried = dayRows(4, 'orders').filter((row) => row.values.updated_at! < '2026-11-18');
    expect(carried.length).toBeGreaterThan(0);
    expect(carried.every((row) => row.values.updated_at!.startsWith('2026-11-17'))).toBe(true);
  });

  it('deletes an account, a contact and a deal: the deleted version is their last', () => {
    const deletions = eventsOf('deletion');
    expect(deletions.map((event) => event.table)).toEqual(['accounts', 'contacts', 'deals']);
    for (const deletion of deletions) {
      expect(dayOfEvent(deletion)).toBe(7);
      const versions = versionsOf(finalRows(deletion.table), ID_COLUMN[deletion.table]!, deletion.id);
      const last = versions.at(-1)!;
      expect(last).toMatchObject({ ingestDate: '2026-11-21', values: { is_deleted: 'true', updated_at: deletion.updatedAt } });
      expect(versions.slice(0, -1).every((version) => version.values.is_deleted === 'false' && version.values.updated_at! < deletion.updatedAt)).toBe(true);
      expect(versions.length).toBeGreaterThan(1);
    }
  });

  it('deletes a contact and a deal on day 7 and extracts them live again on day 8, a minute later', () => {
    const restorations = eventsOf('restoration');
    expect(restorations.map((event) => event.table)).toEqual(['contacts', 'deals']);
    for (const event of restorations) {
      expect(dayOfEvent(event)).toBe(8);
      const versions = versionsOf(finalRows(event.table), ID_COLUMN[event.table]!, event.id);
      const [deleted, restored] = versions.slice(-2) as [LandingRow, LandingRow];
      expect(deleted).toMatchObject({ ingestDate: '2026-11-21', values: { is_deleted: 'true', updated_at: event.deletedAt } });
      expect(restored).toMatchObject({ ingestDate: '2026-11-22', values: { is_deleted: 'false', updated_at: event.restoredAt } });
      expect(Date.parse(event.restoredAt) - Date.parse(event.deletedAt)).toBe(60_000);
      expect(eventsOf('deletion').map((deletion) => deletion.id)).not.toContain(event.id);
    }
  });

  it('re-extracts records not changed for a week late: on day 9 a changed version, a minute newer than their last one', () => {
    const late = eventsOf('late-reextract');
    for (const table of ['products', 'accounts', 'contacts', 'deals', 'activities', 'tickets', 'orders']) expect(late.map((event) => event.table), table).toContain(table);
    // Records last changed exactly a week earlier come first where a table has them.
    for (const table of ['accounts', 'deals', 'activities', 'orders']) {
      expect(late.filter((event) => event.table === table).map((event) => event.lastChangedOn), table).toContain('2026-11-16');
    }
    for (const event of late) {
      expect(dayOfEvent(event)).toBe(9);
      expect(event.lastChangedOn <= '2026-11-16').toBe(true);
      const versions = versionsOf(finalRows(event.table), ID_COLUMN[event.table]!, event.id);
      const [before, after] = versions.slice(-2) as [LandingRow, LandingRow];
      expect(after).toMatchObject({ ingestDate: '2026-11-23', values: { updated_at: event.updatedAt } });
      expect(before.ingestDate).toBe(event.lastChangedOn);
      expect(Date.parse(after.values.updated_at!) - Date.parse(before.values.updated_at!)).toBe(60_000);
      expect(after.values).not.toEqual({ ...before.values, updated_at: after.values.updated_at });
      expect(versions.filter((version) => version.ingestDate > before.ingestDate && version !== after)).toEqual([]);
    }
  });

  it('extracts a deal\'s stage change of day 2 only on day 9, when the deal itself does not land', () => {
    const [late] = eventsOf('late-event');
    expect(late).toMatchObject({ table: 'deal_stage_changes', happenedOn: '2026-11-16' });
    expect(dayOfEvent(late!)).toBe(9);
    expect(late!.at.startsWith('2026-11-16')).toBe(true);
    const changes = finalRows('deal_stage_changes');
    expect(versionsOf(changes, 'change_id', late!.id).map((row) => [row.ingestDate, row.values.deal_id, row.values.changed_at])).toEqual([
      ['2026-11-23', late!.of, late!.at],
    ]);
    expect(versionsOf(finalRows('deals'), 'deal_id', late!.of).filter((row) => row.ingestDate === '2026-11-23')).toEqual([]);
    expect(versionsOf(changes, 'deal_id', late!.of).some((row) => row.ingestDate < '2026-11-16')).toBe(true);
  });

  it('extracts an older version of a record in every changeable table again on day 10, unchanged, after its newer one landed', () => {
    const stale = eventsOf('stale-reextract');
    expect(stale.map((event) => event.table).sort()).toEqual(['accounts', 'activities', 'contacts', 'deals', 'orders', 'products', 'tickets']);
    for (const event of stale) {
      expect(dayOfEvent(event)).toBe(10);
      expect(event.updatedAt < event.latestUpdatedAt).toBe(true);
      const versions = versionsOf(finalRows(event.table), ID_COLUMN[event.table]!, event.id);
      const again = versions.at(-1)!;
      expect(again).toMatchObject({ ingestDate: '2026-11-24', values: { updated_at: event.updatedAt } });
      const earlier = versions.slice(0, -1);
      expect(earlier.map((version) => version.values)).toContainEqual(again.values);
      expect(earlier.some((version) => version.values.updated_at === event.latestUpdatedAt)).toBe(true);
      expect(earlier.every((version) => version.values.updated_at! <= event.latestUpdatedAt)).toBe(true);
    }
  });

  it('re-lands day 4 on day 6 with one version dropped and one changed per table, replacing the first landing', () => {
    const relanded = eventsOf('re-landed-day');
    expect(relanded.length).toBeGreaterThanOrEqual(3);
    expect(chainDay(manifest, 6).files.filter((file) => file.reLanded).map((file) => file.table)).toEqual(relanded.map((event) => event.table));
    for (const event of relanded) {
      expect(event.ingestDate).toBe('2026-11-18');
      const idColumn = ID_COLUMN[event.table]!;
      const first = dayRows(4, event.table);
      const final = finalRows(event.table).filter((row) => row.ingestDate === event.ingestDate);
      expect(final.length).toBe(first.length - 1);
      expect(versionsOf(first, idColumn, event.droppedId)).toHaveLength(1);
      expect(versionsOf(final, idColumn, event.droppedId)).toEqual([]);
      // The dropped version's record stays, with an earlier version.
      expect(versionsOf(finalRows(event.table), idColumn, event.droppedId).length).toBeGreaterThan(0);
      const [original] = versionsOf(first, idColumn, event.changedId);
      const [changed] = versionsOf(final, idColumn, event.changedId);
      expect(changed!.values.updated_at).toBe(original!.values.updated_at);
      expect(changed!.values).not.toEqual(original!.values);
      // No later day supersedes either correction.
      expect(finalRows(event.table).filter((row) => row.ingestDate > event.ingestDate && [event.droppedId, event.changedId].includes(row.values[idColumn]!))).toEqual([]);
    }
  });

  it('replays to a landing with every table, and the same seed writes the same chain', async () => {
    expect(RAW_TABLE_NAMES.every((table) => readLandingTable(landingDir, table).length >= 9)).toBe(true);
    const again = join(workDir, 'again');
    const againLanding = join(workDir, 'again-landing');
    const second = await generateIncrementalChain({ ...OPTIONS, outDir: again });
    for (const day of second.days) await landChainDay(again, second, day.day, againLanding);
    expect(second).toEqual(manifest);
    expect(landingDigest(againLanding)).toBe(landingDigest(landingDir));
    expect(readFileSync(join(again, 'chain.json'), 'utf8')).toBe(readFileSync(join(chainDir, 'chain.json'), 'utf8'));
  });

  it('refuses fewer than ten days, an unknown day and a folder without a chain', async () => {
    await expect(generateIncrementalChain({ ...OPTIONS, days: 9, outDir: join(workDir, 'short') })).rejects.toThrow(GenerateOptionsError);
    await expect(generateIncrementalChain({ ...OPTIONS, days: 9, outDir: join(workDir, 'short') })).rejects.toThrow(/at least 10 days, got 9/);
    expect(() => chainDay(manifest, 11)).toThrow('the incremental chain has days 1 to 10, not 11');
    await expect(readChainManifest(workDir)).rejects.toThrow(`${join(workDir, 'chain.json')}: no incremental chain here (ENOENT)`);
  });
});
