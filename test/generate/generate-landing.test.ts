/**
 * End to end at scale 0.01 (about ten thousand rows over three days): the landing the CLI
 * writes, read back strictly and checked against the contract.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateLanding } from '../../lib/generate/generate-landing.ts';
import type { GenerateProgressEvent, GenerateSummary } from '../../lib/generate/generate-options.ts';
import { DIRT_KINDS, type DirtKind } from '../../lib/generate/dirt-kinds.ts';
import { INDUSTRIES } from '../../lib/generate/vocabulary.ts';
import { landingBytes, landingRows, readLandingTable, type LandingRow } from './landing-reader.ts';

const STAGES = ['prospecting', 'qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'];
const OPEN_STAGES = STAGES.slice(0, 4);
const CATEGORIES = ['Software', 'Hardware', 'Services', 'Support', 'Training'];
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MONEY = /^-?\d+\.\d{2}$/;
const isRealTimestamp = (value: string): boolean =>
  TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().replace('.000', '') === value;
const END_DATE = '2026-11-24';
const DATES = ['2026-11-22', '2026-11-23', '2026-11-24'];

interface SourcesFile {
  sources: { tables: { name: string; columns: { name: string }[] }[] }[];
}
const contract = (parse(readFileSync('sql/sources.yml', 'utf8')) as SourcesFile).sources[0]!.tables;

const workDir = mkdtempSync(join(tmpdir(), 'crm-generate-'));
const base = { scale: 0.01, days: 3, seed: 42, endDate: END_DATE };
let summary: GenerateSummary;
const events: GenerateProgressEvent[] = [];
const rowsCache = new Map<string, LandingRow[]>();
const rows = (table: string, dir = join(workDir, 'main')): LandingRow[] => {
  const key = `${dir}:${table}`;
  if (!rowsCache.has(key)) rowsCache.set(key, landingRows(readLandingTable(dir, table)));
  return rowsCache.get(key)!;
};
const dirtCount = (kind: DirtKind): number => summary.dirt.find((entry) => entry.kind === kind)!.count;
const endOfDay = (date: string): number => Date.parse(`${date}T23:59:59Z`);

beforeAll(async () => {
  // A stale tickets file from an earlier run must not survive on the day whose extract is missing.
  const stale = join(workDir, 'main', 'raw', 'tickets', 'ingest_date=2026-11-23');
  mkdirSync(stale, { recursive: true });
  writeFileSync(join(stale, 'part-0000.csv'), 'stale\n');
  summary = await generateLanding({ ...base, outDir: join(workDir, 'main'), onProgress: (event) => events.push(event) });
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('landing layout and format', () => {
  it('writes one file per table and ingest date, except the missing tickets day', () => {
    for (const { name } of contract) {
      const dates = readLandingTable(join(workDir, 'main'), name).map((file) => file.ingestDate);
      expect(dates).toEqual(name === 'tickets' ? ['2026-11-22', '2026-11-24'] : DATES);
      expect(summary.tables.find((table) => table.table === name)?.files).toBe(dates.length);
    }
    expect(summary.ingestDates).toEqual(DATES);
    expect(existsSync(join(workDir, 'main', 'raw', 'tickets', 'ingest_date=2026-11-23', 'part-0000.csv'))).toBe(false);
  });

  it('heads every file with exactly the columns of sql/sources.yml, in order', () => {
    expect(summary.tables.map((table) => table.table).sort()).toEqual(contract.map((table) => table.name).sort());
    for (const { name, columns } of contract) {
      for (const file of readLandingTable(join(workDir, 'main'), name)) {
        expect(file.header, `${name} ${file.ingestDate}`).toEqual(columns.map((column) => column.name));
      }
    }
  });

  it('reports the rows it wrote, about scale × one million in all', () => {
    for (const table of summary.tables) expect(rows(table.table), table.table).toHaveLength(table.rows);
    expect(summary.totalRows).toBe(summary.tables.reduce((total, table) => total + table.rows, 0));
    expect(summary.totalRows).toBeGreaterThan(0.85 * 10_000);
    expect(summary.totalRows).toBeLessThan(1.15 * 10_000);
  });

  it('quotes commas, quotes and line breaks so that every row keeps its fields', () => {
    const names = rows('accounts').map((row) => row.values.account_name!);
    expect(names.some((name) => name.includes(','))).toBe(true);
    const subjects = [...rows('activities'), ...rows('tickets')].map((row) => row.values.subject!);
    expect(subjects.some((subject) => subject.includes('"'))).toBe(true);
    expect(subjects.some((subject) => subject.includes('\n'))).toBe(true);
    for (const { name, columns } of contract) {
      const short = rows(name).filter((row) => row.fieldCount !== columns.length);
      expect(short.length, name).toBe(name === 'orders' ? dirtCount('row_missing_field') : 0);
    }
  });

  it('is deterministic: the same options give byte-identical files, another seed does not', async () => {
    await generateLanding({ ...base, outDir: join(workDir, 'again') });
    const first = landingBytes(join(workDir, 'main'));
    const second = landingBytes(join(workDir, 'again'));
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [path, bytes] of first) expect(second.get(path)?.equals(bytes), path).toBe(true);

    await generateLanding({ ...base, seed: 43, outDir: join(workDir, 'other-seed') });
    const other = landingBytes(join(workDir, 'other-seed'));
    const accounts = 'raw/accounts/ingest_date=2026-11-22/part-0000.csv';
    expect(other.get(accounts)?.equals(first.get(accounts)!)).toBe(false);
  });

  it('writes the same files when half of the tables come from a child process', async () => {
    const split = await generateLanding({ ...base, outDir: join(workDir, 'split'), parallel: true });
    const single = landingBytes(join(workDir, 'main'));
    const parallel = landingBytes(join(workDir, 'split'));
    expect([...parallel.keys()].sort()).toEqual([...single.keys()].sort());
    for (const [path, bytes] of single) expect(parallel.get(path)?.equals(bytes), path).toBe(true);
    expect(split.tables).toEqual(summary.tables);
    expect(split.dirt).toEqual(summary.dirt);
  });

  it('tells its progress table by table', () => {
    const finished = events.filter((event) => event.kind === 'table-finished');
    expect(finished.map((event) => event.table).sort()).toEqual(contract.map((table) => table.name).sort());
    expect(events.filter((event) => event.kind === 'table-started')).toHaveLength(contract.length);
  });
});

describe('deal stage history', () => {
  const changesByDeal = (): Map<string, Record<string, string>[]> => {
    const byDeal = new Map<string, Record<string, string>[]>();
    for (const row of rows('deal_stage_changes')) {
      const list = byDeal.get(row.values.deal_id!) ?? [];
      list.push(row.values as Record<string, string>);
      byDeal.set(row.values.deal_id!, list);
    }
    for (const list of byDeal.values()) {
      list.sort((a, b) => a.changed_at!.localeCompare(b.changed_at!) || a.change_id!.localeCompare(b.change_id!));
    }
    return byDeal;
  };

  it('refers only to deals that are extracted', () => {
    const deals = new Set(rows('deals').map((row) => row.values.deal_id));
    const referenced = new Set(rows('deal_stage_changes').map((row) => row.values.deal_id));
    expect(referenced.size).toBeGreaterThan(100);
    for (const deal of referenced) expect(deals.has(deal), deal).toBe(true);
  });

  it('starts every deal with an empty from_stage and chains each move to the previous one', () => {
    for (const [deal, changes] of changesByDeal()) {
      expect(changes[0]!.from_stage, deal).toBe('');
      for (let index = 1; index < changes.length; index += 1) {
        expect(changes[index]!.from_stage, deal).toBe(changes[index - 1]!.to_stage);
      }
    }
  });

  it('has backward moves, wins and losses', () => {
    const moves = rows('deal_stage_changes').map((row) => row.values);
    const backward = moves.filter(
      (move) => OPEN_STAGES.includes(move.to_stage!) && STAGES.indexOf(move.to_stage!) < STAGES.indexOf(move.from_stage!),
    );
    expect(backward.length).toBeGreaterThan(0);
    expect(moves.some((move) => move.to_stage === 'closed_won')).toBe(true);
    expect(moves.some((move) => move.to_stage === 'closed_lost')).toBe(true);
  });

  it("shows in each deal's latest row the stage of its latest move, with closed_at when closed", () => {
    const latest = new Map<string, Record<string, string>>();
    for (const row of rows('deals')) {
      const seen = latest.get(row.values.deal_id!);
      if (!seen || row.values.updated_at! >= seen.updated_at!) latest.set(row.values.deal_id!, row.values as Record<string, string>);
    }
    const byDeal = changesByDeal();
    for (const [deal, values] of latest) {
      const changes = byDeal.get(deal)!;
      const stage = values.stage === 'closed-won' ? 'closed_won' : values.stage;
      expect(stage, deal).toBe(changes.at(-1)!.to_stage);
      expect(values.closed_at !== '', deal).toBe(stage === 'closed_won' || stage === 'closed_lost');
    }
  });

  it('extracts a deal again, newer, on the later day it moved', () => {
    const byDeal = new Map<string, LandingRow[]>();
    for (const row of rows('deals')) byDeal.set(row.values.deal_id!, [...(byDeal.get(row.values.deal_id!) ?? []), row]);
    const reExtracted = [...byDeal.values()].filter((versions) => versions.length > 1);
    expect(reExtracted.length).toBeGreaterThan(0);
    for (const versions of reExtracted) {
      for (let index = 1; index < versions.length; index += 1) {
        expect(versions[index]!.ingestDate > versions[index - 1]!.ingestDate).toBe(true);
        expect(versions[index]!.values.updated_at! > versions[index - 1]!.values.updated_at!).toBe(true);
      }
    }
  });
});

describe('timestamps', () => {
  it('never lie after the end of the ingest day that carries them (plans like due_at aside)', () => {
    const planned = new Set(['due_at']);
    for (const { name, columns } of contract) {
      const timestampColumns = columns.map((column) => column.name).filter((column) => column.endsWith('_at') && !planned.has(column));
      for (const row of rows(name)) {
        for (const column of timestampColumns) {
          const value = row.values[column];
          if (value === undefined || value === '' || !isRealTimestamp(value)) continue;
          expect(Date.parse(value), `${name}.${column} ${value} on ${row.ingestDate}`).toBeLessThanOrEqual(endOfDay(row.ingestDate));
        }
      }
    }
  });

  it('orders each record: created before updated', () => {
    for (const table of ['accounts', 'contacts', 'deals', 'activities', 'tickets']) {
      for (const row of rows(table)) {
        if (!isRealTimestamp(row.values.created_at!)) continue;
        expect(row.values.created_at! <= row.values.updated_at!, `${table} ${Object.values(row.values)[0]}`).toBe(true);
      }
    }
  });
});

describe('dirt', () => {
  it('plants every kind, each as often as the summary says', () => {
    const accountIds = new Set(rows('accounts').map((row) => row.values.account_id));
    const productIds = new Set(rows('products').map((row) => row.values.product_id));
    const deals = rows('deals').map((row) => row.values);
    const found: Record<DirtKind, number> = {
      deal_orphan_account: deals.filter((deal) => !accountIds.has(deal.account_id)).length,
      order_orphan_product: rows('orders').filter((row) => !productIds.has(row.values.product_id)).length,
      product_category_misspelled: rows('products').filter((row) => !CATEGORIES.includes(row.values.category!)).length,
      account_industry_miscased: rows('accounts').filter(
        (row) =>
          !(INDUSTRIES as readonly string[]).includes(row.values.industry!) &&
          INDUSTRIES.some((industry) => industry.toLowerCase() === row.values.industry!.toLowerCase()),
      ).length,
      deal_stage_invalid: deals.filter((deal) => deal.stage === 'closed-won').length,
      ticket_priority_invalid: rows('tickets').filter((row) => row.values.priority === 'critical').length,
      open_deal_missing_close_date: deals.filter((deal) => OPEN_STAGES.includes(deal.stage!) && deal.expected_close_date === '').length,
      open_activity_missing_due_date: rows('activities').filter(
        (row) => row.values.status === 'open' && row.values.due_at === '',
      ).length,
      lost_deal_zero_amount: deals.filter((deal) => deal.stage === 'closed_lost' && deal.amount === '0.00').length,
      order_negative_quantity: rows('orders').filter((row) => Number(row.values.quantity) < 0).length,
      table_missing_for_day: DATES.length - readLandingTable(join(workDir, 'main'), 'tickets').length,
      unparseable_amount: deals.filter((deal) => !MONEY.test(deal.amount!)).length,
      unparseable_timestamp: rows('activities').filter((row) => !isRealTimestamp(row.values.created_at!)).length,
      row_missing_field: rows('orders').filter((row) => row.fieldCount < 12).length,
    };
    for (const kind of DIRT_KINDS) {
      expect(dirtCount(kind), kind).toBeGreaterThan(0);
      expect(found[kind], kind).toBe(dirtCount(kind));
    }
  });
});

describe('a clean landing (dirtyShare 0)', () => {
  const clean = join(workDir, 'clean');
  beforeAll(async () => {
    await generateLanding({ ...base, dirtyShare: 0, outDir: clean });
  });

  it('has every tickets file and no dirt', async () => {
    expect(readLandingTable(clean, 'tickets')).toHaveLength(3);
  });

  it('resolves every reference to an extracted record', () => {
    const ids = (table: string, column: string) => new Set(rows(table, clean).map((row) => row.values[column]));
    const targets = {
      account_id: ids('accounts', 'account_id'),
      contact_id: ids('contacts', 'contact_id'),
      owner_id: ids('users', 'user_id'),
      manager_id: ids('users', 'user_id'),
      changed_by: ids('users', 'user_id'),
      product_id: ids('products', 'product_id'),
      deal_id: ids('deals', 'deal_id'),
    } as Record<string, Set<string | undefined>>;
    const references: [string, string[]][] = [
      ['accounts', ['owner_id']],
      ['contacts', ['account_id']],
      ['users', ['manager_id']],
      ['deals', ['account_id', 'contact_id', 'owner_id', 'product_id']],
      ['deal_stage_changes', ['deal_id', 'changed_by']],
      ['activities', ['account_id', 'contact_id', 'deal_id', 'owner_id']],
      ['tickets', ['account_id', 'contact_id']],
      ['orders', ['account_id', 'contact_id', 'product_id']],
    ];
    for (const [table, columns] of references) {
      for (const row of rows(table, clean)) {
        for (const column of columns) {
          const value = row.values[column]!;
          if (value !== '') expect(targets[column]!.has(value), `${table}.${column} ${value}`).toBe(true);
        }
      }
    }
  });

  it('keeps to the accepted values and ranges of the contract', () => {
    const inSet = (table: string, column: string, allowed: string[]) =>
      expect(new Set(rows(table, clean).map((row) => row.values[column])), `${table}.${column}`).toEqual(new Set(allowed));
    inSet('deals', 'stage', STAGES);
    inSet('deal_stage_changes', 'to_stage', STAGES);
    inSet('activities', 'activity_type', ['call', 'email', 'meeting', 'note', 'task']);
    inSet('activities', 'status', ['completed', 'open']);
    inSet('tickets', 'priority', ['low', 'medium', 'high', 'urgent']);
    inSet('tickets', 'status', ['open', 'pending', 'solved', 'closed']);
    inSet('tickets', 'channel', ['email', 'phone', 'chat', 'web']);
    inSet('orders', 'status', ['pending', 'processing', 'shipped', 'delivered', 'cancelled', 'returned']);
    inSet('products', 'category', CATEGORIES);
    inSet('users', 'team', ['Enterprise', 'Mid-Market', 'SMB', 'Support']);
    for (const row of rows('deals', clean)) {
      expect(Number(row.values.probability)).toBeGreaterThanOrEqual(0);
      expect(Number(row.values.probability)).toBeLessThanOrEqual(100);
      expect(Number(row.values.amount)).toBeGreaterThan(0);
    }
  });
});

describe('business realism', () => {
  it('prices orders from the product, discounts 0-30%, and fills shipping dates as the status goes', () => {
    const prices = new Map(rows('products').map((row) => [row.values.product_id, row.values.unit_price]));
    for (const { values } of rows('orders')) {
      if (prices.has(values.product_id)) expect(values.unit_price).toBe(prices.get(values.product_id));
      const discount = Number(values.discount_pct);
      expect(discount >= 0 && discount <= 30).toBe(true);
      const shipped = ['shipped', 'delivered', 'returned'].includes(values.status!);
      expect(values.shipped_at !== '', values.order_id).toBe(shipped);
      expect(values.delivered_at !== '', values.order_id).toBe(values.status === 'delivered' || values.status === 'returned');
    }
  });

  it('answers most tickets within the SLA, breaches some, and leaves some open', () => {
    const slaHours: Record<string, number> = { urgent: 4, high: 8, medium: 24, low: 72 };
    let within = 0;
    let breached = 0;
    for (const { values } of rows('tickets')) {
      if (values.first_response_at === '' || !(values.priority! in slaHours)) continue;
      const hours = (Date.parse(values.first_response_at!) - Date.parse(values.created_at!)) / 3_600_000;
      if (hours <= slaHours[values.priority!]!) within += 1;
      else breached += 1;
      if (values.resolved_at !== '') expect(values.resolved_at! >= values.first_response_at!).toBe(true);
    }
    expect(breached).toBeGreaterThan(0);
    expect(within).toBeGreaterThan(4 * breached);
    expect(rows('tickets').some((row) => row.values.status === 'open' || row.values.status === 'pending')).toBe(true);
  });

  it('completes activities with a time and duration, and keeps open ones without', () => {
    const activities = rows('activities').map((row) => row.values);
    for (const activity of activities) {
      expect(activity.completed_at !== '', activity.activity_id).toBe(activity.status === 'completed');
      if (activity.status === 'open') expect(activity.duration_minutes).toBe('');
    }
    expect(activities.some((activity) => activity.status === 'open')).toBe(true);
    expect(activities.some((activity) => Number(activity.duration_minutes) > 0)).toBe(true);
  });

  it('organises users in teams and regions under managers', () => {
    const users = rows('users').map((row) => row.values);
    expect(new Set(users.map((user) => user.region)).size).toBe(4);
    expect(users.filter((user) => user.manager_id === '').length).toBeGreaterThanOrEqual(2);
    expect(users.filter((user) => user.title === 'Support Agent' || user.title === 'Senior Support Agent').length).toBeGreaterThan(0);
  });
});

describe('a month of change extracts', () => {
  const month = join(workDir, 'month');
  beforeAll(async () => {
    await generateLanding({ ...base, days: 30, dirtyShare: 0, outDir: month });
  });

  it('deletes some records with an is_deleted row and re-extracts some unchanged but newer', () => {
    const deleted = ['accounts', 'contacts', 'deals'].flatMap((table) =>
      rows(table, month).filter((row) => row.values.is_deleted === 'true'),
    );
    expect(deleted.length).toBeGreaterThan(0);
    const versions = new Map<string, LandingRow[]>();
    for (const row of rows('contacts', month)) versions.set(row.values.contact_id!, [...(versions.get(row.values.contact_id!) ?? []), row]);
    const unchanged = [...versions.values()].filter((list) =>
      list.some((row, index) => {
        if (index === 0) return false;
        const { updated_at: newer, ...rest } = row.values;
        const { updated_at: older, ...previous } = list[index - 1]!.values;
        return newer! > older! && JSON.stringify(rest) === JSON.stringify(previous);
      }),
    );
    expect(unchanged.length).toBeGreaterThan(0);
  });

  it('spreads new records over the change days', () => {
    const days = new Set(rows('orders', month).map((row) => row.ingestDate));
    expect(days.size).toBe(30);
  });
});
