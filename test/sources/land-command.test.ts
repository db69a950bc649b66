/**
 * `crm-warehouse land --from salesforce-export|hubspot-export DIR`: export files named after their
 * objects land in the layout the loader reads, under one ingest date; headers are checked against
 * the declared objects before anything is written.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/cli-harness.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'crm-land-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every file of one fixture day, as `<table>/<file name>`. */
async function fixtureDay(fixture: string, day: string): Promise<string[]> {
  const raw = join(FIXTURES, fixture, 'raw');
  const files: string[] = [];
  for (const table of await readdir(raw)) {
    const folder = join(raw, table, `ingest_date=${day}`);
    if (!existsSync(folder)) continue;
    for (const name of await readdir(folder)) files.push(`${table}/${name}`);
  }
  return files.sort();
}

/** The fixture day's files flattened into one export folder, as the system writes them. */
async function exportFolder(fixture: string, day: string, extra: Record<string, string> = {}): Promise<string> {
  const dir = join(work, 'export');
  await mkdir(dir, { recursive: true });
  for (const file of await fixtureDay(fixture, day)) {
    const [table, name] = file.split('/') as [string, string];
    await copyFile(join(FIXTURES, fixture, 'raw', table, `ingest_date=${day}`, name), join(dir, name));
  }
  for (const [name, text] of Object.entries(extra)) await writeFile(join(dir, name), text);
  return dir;
}

function land(dir: string, from: string, ...more: string[]): ReturnType<typeof runCli> {
  return runCli(['land', dir, '--from', from, '--landing', join(work, 'landing'), '--project-dir', PROJECT_ROOT, ...more]);
}

async function landed(day: string): Promise<string[]> {
  const raw = join(work, 'landing', 'raw');
  const files: string[] = [];
  for (const table of await readdir(raw)) {
    for (const name of await readdir(join(raw, table, `ingest_date=${day}`))) files.push(`${table}/${name}`);
  }
  return files.sort();
}

describe('land --from salesforce-export', () => {
  it("arranges a Data Export folder exactly as the fixture's landing, passing over objects the warehouse does not read", async () => {
    const dir = await exportFolder('salesforce-landing', '2026-03-08', { 'Lead.csv': 'Id,Company\n00Q1,Initech\n' });
    const outcome = await land(dir, 'salesforce-export', '--ingest-date', '2026-03-08');
    expect(outcome.err).toBe('');
    expect(outcome.code).toBe(0);
    expect(await landed('2026-03-08')).toEqual(await fixtureDay('salesforce-landing', '2026-03-08'));
    expect(await readFile(join(work, 'landing/raw/salesforce_opportunity_history/ingest_date=2026-03-08/OpportunityHistory.csv'), 'utf8')).toBe(
      await readFile(join(FIXTURES, 'salesforce-landing/raw/salesforce_opportunity_history/ingest_date=2026-03-08/OpportunityHistory.csv'), 'utf8'),
    );
    expect(outcome.out).toContain('Not read by the warehouse: Lead.csv.');
    // Day 1 of the fixture has no Event.csv.
    expect(outcome.out).toContain('No file for salesforce_event (they load empty).');
    expect(outcome.out).toContain("Build it with --vars '{crm_source: salesforce}'");
  });

  it('takes the parts of a large export (Account-1.csv, Account-2.csv.gz) as the same object, reading a gzipped header', async () => {
    const dir = join(work, 'export');
    await mkdir(dir);
    const account = await readFile(join(FIXTURES, 'salesforce-landing/raw/salesforce_account/ingest_date=2026-03-08/Account.csv'));
    await writeFile(join(dir, 'Account-1.csv'), account);
    await writeFile(join(dir, 'Account-2.csv.gz'), gzipSync(account));
    await writeFile(join(dir, 'Contact.csv.gz'), gzipSync('Id,AccountId\n003X,001A1\n'));
    const refused = await land(dir, 'salesforce-export', '--ingest-date', '2026-03-09');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`${join(dir, 'Contact.csv.gz')}: the header lacks fields firstname, lastname`);
    await rm(join(dir, 'Contact.csv.gz'));
    const outcome = await land(dir, 'salesforce-export', '--ingest-date', '2026-03-09');
    expect(outcome.code).toBe(0);
    expect(await landed('2026-03-09')).toEqual(['salesforce_account/Account-1.csv', 'salesforce_account/Account-2.csv.gz']);
  });

  it('refuses files whose header lacks declared fields, naming each file and field, and lands nothing', async () => {
    const dir = await exportFolder('salesforce-landing', '2026-03-08', {
      'Opportunity.csv': 'Id,Name,StageName\n006X,Broken,Prospecting\n',
      'Case.csv': '',
    });
    const outcome = await land(dir, 'salesforce-export', '--ingest-date', '2026-03-08');
    expect(outcome.code).toBe(1);
    expect(outcome.err).toContain(
      `${join(dir, 'Opportunity.csv')}: the header lacks fields accountid, contactid, ownerid, amount, probability, closedate, isclosed, iswon, isdeleted, createddate, lastmodifieddate, systemmodstamp of salesforce_opportunity`,
    );
    expect(outcome.err).toContain(`${join(dir, 'Case.csv')}: no header row: an export of salesforce_case starts with its field names`);
    expect(existsSync(join(work, 'landing'))).toBe(false);
  });

  it('refuses an ingest date that is not a calendar date, and an unknown format', async () => {
    const dir = await exportFolder('salesforce-landing', '2026-03-08');
    const badDate = await land(dir, 'salesforce-export', '--ingest-date', '2026-02-30');
    expect(badDate.code).toBe(1);
    expect(badDate.err).toContain('--ingest-date 2026-02-30 is not a YYYY-MM-DD calendar date');
    const badFormat = await land(dir, 'zoho-export');
    expect(badFormat.code).not.toBe(0);
    expect(existsSync(join(work, 'landing'))).toBe(false);
  });

  it('names an export folder it cannot read', async () => {
    const outcome = await land(join(work, 'missing'), 'salesforce-export', '--ingest-date', '2026-03-08');
    expect(outcome.code).toBe(1);
    expect(outcome.err).toContain(`${join(work, 'missing')}: cannot read the export folder (ENOENT)`);
  });
});

describe('land --from hubspot-export', () => {
  it("arranges a HubSpot export folder exactly as the fixture's landing", async () => {
    const dir = await exportFolder('hubspot-landing', '2026-03-09');
    const outcome = await land(dir, 'hubspot-export', '--ingest-date', '2026-03-09');
    expect(outcome.err).toBe('');
    expect(outcome.code).toBe(0);
    expect(await landed('2026-03-09')).toEqual(await fixtureDay('hubspot-landing', '2026-03-09'));
  });
});
