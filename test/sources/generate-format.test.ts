/** `crm-warehouse generate --format salesforce`: the generated CRM as Salesforce's export files, in the landing layout. */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/cli-harness.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'crm-generate-format-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

function generate(...more: string[]): ReturnType<typeof runCli> {
  return runCli(['generate', '--scale', '0.002', '--days', '2', '--end-date', '2026-03-10', '--project-dir', PROJECT_ROOT, '--out', join(work, 'landing'), ...more]);
}

describe('generate --format salesforce', () => {
  it('writes every Salesforce object the warehouse reads, per ingest day, with API field names, and nothing generic', async () => {
    const outcome = await generate('--format', 'salesforce');
    expect(outcome.err).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.out).toContain("Build them with --vars '{crm_source: salesforce}'");
    expect((await readdir(join(work, 'landing', 'raw'))).sort()).toEqual([
      'salesforce_account',
      'salesforce_case',
      'salesforce_contact',
      'salesforce_event',
      'salesforce_opportunity',
      'salesforce_opportunity_history',
      'salesforce_opportunity_line_item',
      'salesforce_order',
      'salesforce_order_item',
      'salesforce_pricebook_entry',
      'salesforce_product_2',
      'salesforce_task',
      'salesforce_user',
    ]);
    expect(await readdir(join(work, 'landing', 'raw', 'salesforce_opportunity'))).toEqual(['ingest_date=2026-03-09', 'ingest_date=2026-03-10']);
    const texts: string[] = [];
    for (const day of ['ingest_date=2026-03-09', 'ingest_date=2026-03-10']) {
      const [file] = await readdir(join(work, 'landing', 'raw', 'salesforce_opportunity', day));
      expect(file).toMatch(/^Opportunity-.+\.csv$/);
      texts.push(await readFile(join(work, 'landing', 'raw', 'salesforce_opportunity', day, file as string), 'utf8'));
    }
    for (const text of texts) {
      expect(text.split('\n')[0]).toBe('Id,Name,AccountId,ContactId,OwnerId,StageName,Amount,Probability,CloseDate,IsClosed,IsWon,IsDeleted,CreatedDate,LastModifiedDate,SystemModstamp');
    }
    // A won opportunity: its stage name, then amount and probability, its close date, IsClosed and IsWon.
    expect(texts.join('')).toMatch(/,Closed Won,[^,]*,[^,]*,\d{4}-\d{2}-\d{2},true,true,/);
  });

  it('refuses a format it cannot write and writes nothing', async () => {
    const outcome = await generate('--format', 'zoho');
    expect(outcome.code).toBe(2);
    expect(outcome.err).toContain("--format takes generic or salesforce, hubspot, got 'zoho'");
    expect(existsSync(join(work, 'landing'))).toBe(false);
  });
});

describe('generate --format hubspot', () => {
  it('writes every HubSpot object the warehouse reads with internal property names; orders have none', async () => {
    const outcome = await generate('--format', 'hubspot');
    expect(outcome.code).toBe(0);
    expect(outcome.out).toContain("Build them with --vars '{crm_source: hubspot}'");
    expect((await readdir(join(work, 'landing', 'raw'))).sort()).toEqual([
      'hubspot_companies',
      'hubspot_contacts',
      'hubspot_deal_stage_history',
      'hubspot_deals',
      'hubspot_engagements',
      'hubspot_owners',
      'hubspot_products',
      'hubspot_tickets',
    ]);
    const [file] = await readdir(join(work, 'landing', 'raw', 'hubspot_deals', 'ingest_date=2026-03-10'));
    const text = await readFile(join(work, 'landing', 'raw', 'hubspot_deals', 'ingest_date=2026-03-10', file as string), 'utf8');
    expect(text.split('\n')[0]).toBe(
      'hs_object_id,dealname,pipeline,dealstage,amount,hs_deal_stage_probability,closedate,hs_is_closed,hs_is_closed_won,associatedcompanyid,associatedcontactid,hubspot_owner_id,createdate,hs_lastmodifieddate,archived',
    );
  });
});
