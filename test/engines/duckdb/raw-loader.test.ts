import { writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../../lib/engines/duckdb/duckdb-engine.ts';
import { LandingLayoutError } from '../../../lib/landing/local-landing.ts';
import { LoadBudgetExceededError } from '../../../lib/landing/load-summary.ts';
import { UnreadableLandingFilesError } from '../../../lib/landing/unreadable-files.ts';
import type { LoadProgress } from '../../../lib/landing/load-summary.ts';
import { loadLanding } from '../../../lib/engines/duckdb/raw-loader.ts';
import type { LoadOptions } from '../../../lib/landing/load-options.ts';
import { DEALS_HEADER, Landing, deals, source } from './landing-fixture.ts';

const DAY = '2026-11-24';
const NEXT_DAY = '2026-11-25';
const GOOD_ROW = 'd1,1200.50,40,3,2026-12-31,false,2026-11-24T10:15:00Z';

describe('loadLanding', () => {
  let engine: DuckDbEngine;
  let landing: Landing;

  beforeEach(async () => {
    engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    landing = await Landing.create();
  });
  afterEach(async () => {
    await engine.close();
    await landing.remove();
  });

  function load(overrides: Partial<LoadOptions> = {}) {
    return loadLanding(engine, {
      landingDir: landing.dir,
      sources: [deals],
      runId: 'run-1',
      maxLoadErrors: 100,
      ...overrides,
    });
  }

  async function count(sql: string): Promise<number> {
    const rows = await engine.query(sql);
    return Number(rows[0]?.n);
  }

  it('reads a file whose name holds glob characters as that one file, never its neighbours', async () => {
    await landing.write('deals', DAY, 'part*.csv', [DEALS_HEADER, GOOD_ROW]);
    await landing.write('deals', DAY, 'parta.csv', [DEALS_HEADER, GOOD_ROW.replace('d1', 'd2')]);
    await landing.write('deals', DAY, 'part?[1].csv', [DEALS_HEADER, GOOD_ROW.replace('d1', 'd3')]);
    await landing.write('deals', DAY, 'partb1.csv', [DEALS_HEADER, GOOD_ROW.replace('d1', 'd4')]);
    const summary = await load();
    expect(await engine.query('select deal_id, _source_file from raw.deals order by deal_id')).toEqual([
      { deal_id: 'd1', _source_file: `raw/deals/ingest_date=${DAY}/part*.csv` },
      { deal_id: 'd2', _source_file: `raw/deals/ingest_date=${DAY}/parta.csv` },
      { deal_id: 'd3', _source_file: `raw/deals/ingest_date=${DAY}/part?[1].csv` },
      { deal_id: 'd4', _source_file: `raw/deals/ingest_date=${DAY}/partb1.csv` },
    ]);
    expect(summary.totals).toMatchObject({ files: 4, rowsLoaded: 4 });
  });

  it('loads rows with the contract types and the load columns', async () => {
    await landing.write('deals', DAY, 'part-1.csv', [
      DEALS_HEADER,
      GOOD_ROW,
      'd2,,,,,true,2026-11-24 11:00:00',
      'd3,"1,000.00x",0,1,2026-12-01,false,2026-11-24T12:00:00.250Z',
    ]);
    const summary = await load();
    const rows = await engine.query('select * from raw.deals order by deal_id');
    expect(rows[0]).toEqual({
      deal_id: 'd1',
      amount: 1200.5,
      probability: 40,
      quantity: 3,
      expected_close_date: '2026-12-31',
      is_deleted: false,
      updated_at: '2026-11-24T10:15:00.000Z',
      _ingest_date: DAY,
      _source_file: `raw/deals/ingest_date=${DAY}/part-1.csv`,
      _loaded_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(rows[1]).toMatchObject({ deal_id: 'd2', amount: null, probability: null, quantity: null, is_deleted: true });
    expect(rows).toHaveLength(2);
    expect(summary.totals).toEqual({ files: 1, daysLoaded: 1, daysSkipped: 0, rowsLoaded: 2, rowsRejected: 1 });
    expect(summary.tables[0]?.days[0]).toMatchObject({ ingestDate: DAY, rowsLoaded: 2, rowsRejected: 1, skipped: false });
  });

  it('quarantines malformed rows with their file and line while the rest of the file loads', async () => {
    await landing.write('deals', DAY, 'part-1.csv', [
      DEALS_HEADER,
      GOOD_ROW,
      'd2,12x,40,3,2026-12-31,false,2026-11-24T10:15:00Z',
      'd3,5,40,3,2026-12-31,false,2026-11-24T25:99:00Z',
      'd4,5,40,3,2026-12-31,false',
      'd5,5,40,3,2026-12-31,false,2026-11-24T10:15:00Z,surplus',
      'd6,7,40,3,2026-12-31,false,2026-11-24T10:15:00Z',
      'd7,5,40,3,2026-12-31,false,"2026-11-24T10:15:00Z',
    ]);
    const summary = await load();
    expect((await engine.query('select deal_id from raw.deals order by deal_id')).map((row) => row.deal_id)).toEqual([
      'd1',
      'd6',
    ]);
    const errors = await engine.query(
      'select run_id, table_name, ingest_date, source_file, line_number, column_name, raw_text, reason from audit.load_errors order by line_number',
    );
    const file = `raw/deals/ingest_date=${DAY}/part-1.csv`;
    expect(errors).toEqual([
      {
        run_id: 'run-1',
        table_name: 'deals',
        ingest_date: DAY,
        source_file: file,
        line_number: 3,
        column_name: 'amount',
        raw_text: 'd2,12x,40,3,2026-12-31,false,2026-11-24T10:15:00Z',
        reason: expect.stringMatching(/^CAST: .*"12x"/),
      },
      expect.objectContaining({
        line_number: 4,
        column_name: 'updated_at',
        raw_text: 'd3,5,40,3,2026-12-31,false,2026-11-24T25:99:00Z',
        reason: expect.stringMatching(/^CAST: .*TIMESTAMP/),
      }),
      expect.objectContaining({ line_number: 5, reason: expect.stringMatching(/^MISSING COLUMNS: /) }),
      expect.objectContaining({ line_number: 6, reason: expect.stringMatching(/^TOO MANY COLUMNS: /) }),
      expect.objectContaining({
        line_number: 8,
        raw_text: 'd7,5,40,3,2026-12-31,false,"2026-11-24T10:15:00Z',
        reason: expect.stringMatching(/unterminated quote/),
      }),
    ]);
    expect(summary.totals.rowsRejected).toBe(5);
  });

  it('rejects a bad timestamp instead of nulling it (the TIMESTAMPTZ pitfall)', async () => {
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, 'd1,1,1,1,2026-12-31,false,yesterday']);
    await load();
    expect(await count('select count(*) as n from raw.deals')).toBe(0);
    expect(await count("select count(*) as n from audit.load_errors where column_name = 'updated_at'")).toBe(1);
  });

  it('gives the same row counts when the same day is loaded three times', async () => {
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW, 'd2,1,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('deals', DAY, 'part-2.csv', [DEALS_HEADER, 'd3,1,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('deals', NEXT_DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW]);
    const counts: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const summary = await load({ force: true, runId: `run-${attempt}` });
      expect(summary.totals.rowsLoaded).toBe(4);
      counts.push(await count('select count(*) as n from raw.deals'));
    }
    expect(counts).toEqual([4, 4, 4]);
    expect(await count(`select count(*) as n from raw.deals where _ingest_date = date '${DAY}'`)).toBe(3);
    expect(await count('select count(*) as n from audit.loaded_files')).toBe(3);
  });

  /** Loads a good day, then lands `files` next to a rewritten good file: the load must fail and keep the day as it was. */
  async function expectDayKept(write: () => Promise<unknown>, reason: string | RegExp, file: string) {
    await landing.write('deals', DAY, 'complete.csv', [DEALS_HEADER, GOOD_ROW]);
    await load();
    await landing.write('deals', DAY, 'complete.csv', [DEALS_HEADER, GOOD_ROW.replace('d1', 'd7')]);
    await write();
    const failing = load({ runId: 'run-2' });
    await expect(failing).rejects.toThrow(UnreadableLandingFilesError);
    await expect(failing).rejects.toThrow(`raw/deals/ingest_date=${DAY}/${file}: `);
    expect(await engine.query('select deal_id from raw.deals')).toEqual([{ deal_id: 'd1' }]);
    expect(await engine.query(`select source_file, line_number, reason from audit.load_errors where run_id = 'run-2'`)).toEqual([
      { source_file: `raw/deals/ingest_date=${DAY}/${file}`, line_number: 1, reason: typeof reason === 'string' ? reason : expect.stringMatching(reason) },
    ]);
  }

  it('fails on a file that lacks a contract column, naming it, and keeps its day as it was', async () => {
    await expectDayKept(
      () => landing.write('deals', DAY, 'incomplete.csv', ['deal_id,amount,quantity,expected_close_date,is_deleted,updated_at', 'd9,1,1,2026-12-31,false,2026-11-24T10:15:00Z']),
      'MISSING COLUMN: the header lacks contract column probability; the file cannot be loaded',
      'incomplete.csv',
    );
  });

  it('fails on a 0-byte file, which is unreadable, and keeps its day as it was', async () => {
    await expectDayKept(() => landing.write('deals', DAY, 'empty.csv', []), 'EMPTY FILE: no header row (0 bytes or blank); the file cannot be read', 'empty.csv');
  });

  it('loads a header-only file as a valid empty extract: its day is replaced and it adds no rows', async () => {
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW]);
    await load();
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER]);
    const summary = await load({ runId: 'run-2' });
    expect(await count('select count(*) as n from raw.deals')).toBe(0);
    expect(summary.totals).toMatchObject({ daysLoaded: 1, rowsLoaded: 0, rowsRejected: 0 });
  });

  it('fails on a file that is not gzip although named so, and keeps its day as it was', async () => {
    await expectDayKept(() => writeFile(`${landing.dir}/raw/deals/ingest_date=${DAY}/broken.csv.gz`, 'not gzip at all'), /^UNREADABLE: .*header.*; the file cannot be read$/, 'broken.csv.gz');
  });

  it('fails on a truncated gzip file instead of loading part of it, and keeps its day as it was', async () => {
    const body = `${DEALS_HEADER}\n${Array.from({ length: 5000 }, (_, index) => `d${index},1,1,1,2026-12-31,false,2026-11-24T10:15:00Z`).join('\n')}\n`;
    const whole = gzipSync(body);
    await expectDayKept(
      () => writeFile(`${landing.dir}/raw/deals/ingest_date=${DAY}/truncated.csv.gz`, whole.subarray(0, whole.length / 2)),
      'UNREADABLE: unexpected end of file; the file cannot be read',
      'truncated.csv.gz',
    );
  });

  it('commits the days before a day with an unreadable file, and no later day', async () => {
    await landing.write('deals', '2026-11-23', 'a.csv', [DEALS_HEADER, GOOD_ROW]);
    await landing.write('deals', DAY, 'empty.csv', []);
    await landing.write('deals', NEXT_DAY, 'a.csv', [DEALS_HEADER, GOOD_ROW]);
    await expect(load()).rejects.toThrow(UnreadableLandingFilesError);
    expect(await engine.query('select cast(_ingest_date as varchar) as day from raw.deals')).toEqual([{ day: '2026-11-23' }]);
  });

  it('ignores extra columns and reads columns by header name, in any order', async () => {
    await landing.write('deals', DAY, 'reordered.csv', [
      'updated_at,new_column,is_deleted,expected_close_date,quantity,probability,amount,DEAL_ID',
      '2026-11-24T10:15:00Z,anything at all,true,2026-12-31,4,50,99.99,d1',
    ]);
    await landing.write('deals', DAY, 'plain.csv', [DEALS_HEADER, 'd2,1,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await load();
    expect(await engine.query('select deal_id, amount, probability, quantity, is_deleted from raw.deals order by deal_id')).toEqual([
      { deal_id: 'd1', amount: 99.99, probability: 50, quantity: 4, is_deleted: true },
      { deal_id: 'd2', amount: 1, probability: 1, quantity: 1, is_deleted: false },
    ]);
  });

  it('reads RFC 4180 quoting, CRLF line ends and a byte order mark', async () => {
    await landing.write('deals', DAY, 'windows.csv', [
      `\uFEFF${DEALS_HEADER}\r`,
      '"d ""1"", with comma",1,1,1,2026-12-31,false,2026-11-24T10:15:00Z\r',
    ]);
    await load();
    expect(await engine.query('select deal_id, is_deleted from raw.deals')).toEqual([
      { deal_id: 'd "1", with comma', is_deleted: false },
    ]);
  });

  it('fails the load when rejects exceed the budget, naming the worst file, and keeps the day as it was', async () => {
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW]);
    await load();
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, 'd1,x,1,1,2026-12-31,false,2026-11-24T10:15:00Z', 'd2,1,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('deals', DAY, 'part-2.csv', [
      DEALS_HEADER,
      'd3,x,1,1,2026-12-31,false,2026-11-24T10:15:00Z',
      'd4,1,x,1,2026-12-31,false,2026-11-24T10:15:00Z',
      'd5,1,1,x,2026-12-31,false,2026-11-24T10:15:00Z',
    ]);
    const failing = load({ maxLoadErrors: 3, runId: 'run-2' });
    await expect(failing).rejects.toThrow(LoadBudgetExceededError);
    await expect(failing).rejects.toThrow(
      `raw/deals/ingest_date=${DAY}/part-2.csv: 3 rejected rows in this file; 4 in this load exceed the error budget of 3`,
    );
    expect(await engine.query('select deal_id, amount from raw.deals')).toEqual([{ deal_id: 'd1', amount: 1200.5 }]);
    // The cause stays readable even though the day was not committed.
    expect(await count("select count(*) as n from audit.load_errors where run_id = 'run-2'")).toBe(4);
  });

  it('keeps days committed before the day that broke the budget', async () => {
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW, 'd2,x,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('deals', NEXT_DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW, 'd2,x,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await expect(load({ maxLoadErrors: 1 })).rejects.toThrow(
      `raw/deals/ingest_date=${NEXT_DAY}/part-1.csv: 1 rejected row in this file; 2 in this load exceed the error budget of 1`,
    );
    expect(await engine.query('select cast(_ingest_date as varchar) as day, count(*) as n from raw.deals group by 1')).toEqual([
      { day: DAY, n: 1 },
    ]);
  });

  it('counts the budget over all tables of the load', async () => {
    const tickets = source('tickets', { ticket_id: 'varchar', created_at: 'timestamp' });
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW, 'd2,x,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('tickets', DAY, 'part-1.csv', ['ticket_id,created_at', 't1,2026-11-24T10:15:00Z', 't2,later']);
    const summary = await load({ sources: [deals, tickets], maxLoadErrors: 2 });
    expect(summary.totals).toMatchObject({ rowsLoaded: 2, rowsRejected: 2 });
    expect(summary.tables.map((table) => table.table)).toEqual(['deals', 'tickets']);
    await landing.write('tickets', NEXT_DAY, 'part-1.csv', ['ticket_id,created_at', 't3,never']);
    await expect(load({ sources: [deals, tickets], maxLoadErrors: 2, force: true })).rejects.toThrow(
      LoadBudgetExceededError,
    );
  });

  it('loads a table in few statements: no delete from a table it created, one record of rejects and one of files for all its days', async () => {
    const tickets = source('tickets', { ticket_id: 'varchar', created_at: 'timestamp' });
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW, 'd2,x,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('deals', NEXT_DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW, 'd3,1,x,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('tickets', DAY, 'part-1.csv', ['ticket_id,created_at', 't1,2026-11-24T10:15:00Z']);
    const statements: string[] = [];
    engine.onStatement = (sql) => statements.push(sql.trim().replace(/\s+/g, ' '));

    await load({ sources: [deals, tickets] });

    const tally = (prefix: string) => statements.filter((statement) => statement.startsWith(prefix)).length;
    expect(tally('create schema if not exists raw')).toBe(1);
    expect(tally('select schema_name, table_name')).toBe(1);
    expect(tally('delete from raw.')).toBe(0);
    expect(tally('insert into audit.load_errors')).toBe(1); // deals' two rejects; tickets has none
    expect(tally('delete from audit.loaded_files')).toBe(2);
    expect(tally('insert into audit.loaded_files')).toBe(2);
    expect(await engine.query('select cast(ingest_date as varchar) as day, line_number, column_name from audit.load_errors order by 1')).toEqual([
      { day: DAY, line_number: 3, column_name: 'amount' },
      { day: NEXT_DAY, line_number: 3, column_name: 'probability' },
    ]);
    expect(await engine.query('select table_name, cast(ingest_date as varchar) as day from audit.loaded_files order by 1, 2')).toEqual([
      { table_name: 'deals', day: DAY },
      { table_name: 'deals', day: NEXT_DAY },
      { table_name: 'tickets', day: DAY },
    ]);

    statements.length = 0;
    await load({ sources: [deals, tickets], force: true, runId: 'run-2' });
    expect(tally('delete from raw.')).toBe(2);
    expect(tally('create table if not exists raw.')).toBe(0);
    expect(await count('select count(*) as n from raw.deals')).toBe(2);
    expect(await count('select count(*) as n from audit.loaded_files')).toBe(3);
  });

  it('counts and records the rejects of files with different headers, each with its file and line', async () => {
    await landing.write('deals', DAY, 'plain.csv', [DEALS_HEADER, GOOD_ROW, 'd2,x,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('deals', DAY, 'reordered.csv', [
      'updated_at,deal_id,amount,probability,quantity,expected_close_date,is_deleted',
      '2026-11-24T10:15:00Z,d3,1,1,1,2026-12-31,false',
      'never,d4,1,1,1,2026-12-31,false',
      '2026-11-24T10:15:00Z,d5,1,1,y,2026-12-31,false',
    ]);
    const summary = await load();
    expect(summary.tables[0]?.days[0]).toMatchObject({ rowsLoaded: 2, rowsRejected: 3 });
    expect(await engine.query('select source_file, line_number, column_name from audit.load_errors order by 1, 2')).toEqual([
      { source_file: `raw/deals/ingest_date=${DAY}/plain.csv`, line_number: 3, column_name: 'amount' },
      { source_file: `raw/deals/ingest_date=${DAY}/reordered.csv`, line_number: 3, column_name: 'updated_at' },
      { source_file: `raw/deals/ingest_date=${DAY}/reordered.csv`, line_number: 4, column_name: 'quantity' },
    ]);
  });

  it('creates its raw table even when another attached database holds one of the same name', async () => {
    await engine.execute("attach ':memory:' as other");
    await engine.execute('create schema other.raw');
    await engine.execute('create table other.raw.deals (deal_id varchar)');
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW]);
    const summary = await load();
    expect(summary.tables[0]?.created).toBe(true);
    expect(await count('select count(*) as n from raw.deals')).toBe(1);
    expect(await count('select count(*) as n from other.raw.deals')).toBe(0);
  });

  it('hands its connections back to the runner with no reject table left', async () => {
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW, 'd2,x,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('deals', NEXT_DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW, 'd2,x,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('deals', NEXT_DAY, 'reordered.csv', ['deal_id,updated_at,amount,probability,quantity,expected_close_date,is_deleted', 'd3,2026-11-24T10:15:00Z,1,1,1,2026-12-31,false']);
    await expect(load({ maxLoadErrors: 1 })).rejects.toThrow(LoadBudgetExceededError);
    await load({ runId: 'run-2', maxLoadErrors: 5 });
    const settings = await Promise.all(
      [1, 2].map(() =>
        engine.query(
          'select (select count(*) from duckdb_tables() where temporary) as temporary_tables',
        ),
      ),
    );
    expect(settings).toEqual([[{ temporary_tables: 0 }], [{ temporary_tables: 0 }]]);
  });

  it('keeps its previous rows for a day after the one that broke the budget', async () => {
    const THIRD_DAY = '2026-11-26';
    for (const day of [DAY, NEXT_DAY, THIRD_DAY]) await landing.write('deals', day, 'part-1.csv', [DEALS_HEADER, GOOD_ROW]);
    await load();
    for (const day of [DAY, NEXT_DAY, THIRD_DAY]) {
      await landing.write('deals', day, 'part-1.csv', [DEALS_HEADER, GOOD_ROW, 'd2,1,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    }
    await landing.write('deals', NEXT_DAY, 'part-2.csv', [DEALS_HEADER, 'd3,x,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await expect(load({ maxLoadErrors: 0, runId: 'run-2' })).rejects.toThrow(
      `raw/deals/ingest_date=${NEXT_DAY}/part-2.csv: 1 rejected row in this file; 1 in this load exceed the error budget of 0`,
    );
    expect(await engine.query('select cast(_ingest_date as varchar) as day, count(*) as n from raw.deals group by 1 order by 1')).toEqual([
      { day: DAY, n: 2 },
      { day: NEXT_DAY, n: 1 },
      { day: THIRD_DAY, n: 1 },
    ]);
    expect(await engine.query("select source_file, line_number from audit.load_errors where run_id = 'run-2'")).toEqual([
      { source_file: `raw/deals/ingest_date=${NEXT_DAY}/part-2.csv`, line_number: 2 },
    ]);
    // Only the committed day is recorded as loaded: the others are tried again next time.
    const next = await load({ maxLoadErrors: 5, runId: 'run-3' });
    expect(next.tables[0]?.days.map((day) => [day.ingestDate, day.skipped])).toEqual([
      [DAY, true],
      [NEXT_DAY, false],
      [THIRD_DAY, false],
    ]);
  });

  it('creates an empty raw table for a table with no files', async () => {
    const tickets = source('tickets', { ticket_id: 'varchar', created_at: 'timestamp' });
    const summary = await load({ sources: [deals, tickets] });
    expect(await count('select count(*) as n from raw.tickets')).toBe(0);
    const columns = await engine.query(
      "select column_name, data_type from information_schema.columns where table_schema = 'raw' and table_name = 'tickets' order by ordinal_position",
    );
    expect(columns).toEqual([
      { column_name: 'ticket_id', data_type: 'VARCHAR' },
      { column_name: 'created_at', data_type: 'TIMESTAMP' },
      { column_name: '_ingest_date', data_type: 'DATE' },
      { column_name: '_source_file', data_type: 'VARCHAR' },
      { column_name: '_loaded_at', data_type: 'TIMESTAMP' },
    ]);
    expect(summary.tables.map((table) => [table.table, table.created, table.days.length])).toEqual([
      ['deals', true, 0],
      ['tickets', true, 0],
    ]);
  });

  it('adds a contract column that a newer contract introduced to an existing raw table', async () => {
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW]);
    await load();
    const grown = source('deals', { ...Object.fromEntries(deals.columns.map((c) => [c.name, c.dataType as string])), stage: 'varchar' });
    await landing.write('deals', NEXT_DAY, 'part-1.csv', [`${DEALS_HEADER},stage`, `${GOOD_ROW},proposal`]);
    await load({ sources: [grown] });
    expect(await engine.query('select cast(_ingest_date as varchar) as day, stage from raw.deals order by 1')).toEqual([
      { day: DAY, stage: null },
      { day: NEXT_DAY, stage: 'proposal' },
    ]);
  });

  it('loads .csv.gz files alongside plain ones, whatever the case of the extension', async () => {
    await landing.write('deals', DAY, 'part-0.CSV.GZ', [DEALS_HEADER, 'd0,1,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('deals', DAY, 'part-1.csv.gz', [DEALS_HEADER, GOOD_ROW, 'd2,1,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('deals', DAY, 'part-2.csv', [DEALS_HEADER, 'd3,1,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await load();
    expect(await engine.query('select _source_file as file, count(*) as n from raw.deals group by 1 order by 1')).toEqual([
      { file: `raw/deals/ingest_date=${DAY}/part-0.CSV.GZ`, n: 1 },
      { file: `raw/deals/ingest_date=${DAY}/part-1.csv.gz`, n: 2 },
      { file: `raw/deals/ingest_date=${DAY}/part-2.csv`, n: 1 },
    ]);
  });

  it('skips an unchanged day and reloads a changed one', async () => {
    const stable = await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW]);
    const changing = await landing.write('deals', NEXT_DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW]);
    await load();
    await landing.write('deals', NEXT_DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW, 'd2,1,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.touch(changing, 5);
    const second = await load({ runId: 'run-2' });
    expect(second.tables[0]?.days.map((day) => [day.ingestDate, day.skipped, day.rowsLoaded])).toEqual([
      [DAY, true, 0],
      [NEXT_DAY, false, 2],
    ]);
    expect(await count('select count(*) as n from raw.deals')).toBe(3);

    await landing.touch(stable, 10);
    const third = await load({ runId: 'run-3' });
    expect(third.tables[0]?.days.map((day) => day.skipped)).toEqual([false, true]);
    expect(await count('select count(*) as n from raw.deals')).toBe(3);
    expect(third.totals).toMatchObject({ daysLoaded: 1, daysSkipped: 1 });
  });

  it('reloads an unchanged day when forced, or when a file is added', async () => {
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW]);
    await load();
    expect((await load({ force: true })).totals.daysLoaded).toBe(1);
    await landing.write('deals', DAY, 'part-2.csv', [DEALS_HEADER, 'd2,1,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    expect((await load()).totals).toMatchObject({ daysLoaded: 1, rowsLoaded: 2 });
  });

  it('loads only the requested ingest dates', async () => {
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW]);
    await landing.write('deals', NEXT_DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW]);
    const summary = await load({ ingestDates: [NEXT_DAY] });
    expect(summary.tables[0]?.days.map((day) => day.ingestDate)).toEqual([NEXT_DAY]);
    expect(await count('select count(*) as n from raw.deals')).toBe(1);
  });

  it('reports progress once per file', async () => {
    await landing.write('deals', DAY, 'part-1.csv', [DEALS_HEADER, GOOD_ROW, 'd2,x,1,1,2026-12-31,false,2026-11-24T10:15:00Z']);
    await landing.write('deals', DAY, 'part-2.csv', [DEALS_HEADER, GOOD_ROW]);
    const events: LoadProgress[] = [];
    await load({ onProgress: (event) => events.push(event) });
    expect(events).toEqual([
      {
        table: 'deals',
        ingestDate: DAY,
        file: `raw/deals/ingest_date=${DAY}/part-1.csv`,
        rowsLoaded: 1,
        rowsRejected: 1,
        skipped: false,
        filesDone: 1,
        filesTotal: 2,
      },
      expect.objectContaining({ file: `raw/deals/ingest_date=${DAY}/part-2.csv`, rowsLoaded: 1, filesDone: 2 }),
    ]);
  });

  it('finds an offset timestamp at the end of a large gzip file, read in many chunks, and stores it in UTC', async () => {
    const stamps = source('stamps', { id: 'integer', moment: 'timestamp' });
    const rows = Array.from({ length: 30_000 }, (_, index) => `${index},2026-11-24T10:15:00Z`);
    await landing.write('stamps', '2026-11-24', 'a.csv.gz', ['id,moment', ...rows, '30000,2026-11-24T10:15:00+05:00', '30001,2026-11-24T99:00:00+05:00']);
    const summary = await load({ sources: [stamps] });
    expect(summary.totals).toMatchObject({ rowsLoaded: 30_001, rowsRejected: 1 });
    expect(await engine.query(`select cast(moment as varchar) as moment from raw.stamps where id = 30000`)).toEqual([{ moment: '2026-11-24 05:15:00' }]);
    expect(await engine.query('select line_number from audit.load_errors')).toEqual([{ line_number: 30_003 }]);
  });

  it('names a day folder whose name is not ingest_date=YYYY-MM-DD', async () => {
    await landing.write('deals', '2026-02-30', 'part-1.csv', [DEALS_HEADER]);
    const failing = load();
    await expect(failing).rejects.toThrow(LandingLayoutError);
    await expect(failing).rejects.toThrow(
      'raw/deals/ingest_date=2026-02-30: a day folder must be named ingest_date=YYYY-MM-DD with a real calendar date',
    );
  });

  it('refuses an ingest date that is not a calendar date', async () => {
    await expect(load({ ingestDates: ['2026-11-24', '24/11/2026'] })).rejects.toThrow(
      'ingest date 24/11/2026 is not a YYYY-MM-DD calendar date',
    );
  });

  it('refuses an error budget that is not a whole number', async () => {
    await expect(load({ maxLoadErrors: -1 })).rejects.toThrow(
      'maxLoadErrors must be a whole number of rows, 0 or more, got -1',
    );
  });
});
