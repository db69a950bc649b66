import { CancelStatementCommand, ListStatementsCommand } from '@aws-sdk/client-redshift-data';
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoadBudgetExceededError } from '../../../lib/landing/load-summary.ts';
import { UnreadableLandingFilesError } from '../../../lib/landing/unreadable-files.ts';
import { loadLanding } from '../../../lib/engines/redshift-data/copy-loader.ts';
import type { CopyLoadOptions } from '../../../lib/engines/redshift-data/copy-loader.ts';
import type { LandingDayListing } from '../../../lib/engines/redshift-data/landing-listing.ts';
import { redshiftDialect } from '../../../lib/engines/redshift-data/redshift-dialect.ts';
import { RedshiftDataEngine } from '../../../lib/engines/redshift-data/redshift-data-engine.ts';
import { RetriesExhaustedError } from '../../../lib/engines/redshift-data/retry-policy.ts';
import { RedshiftStatementError, StatementAbortedError, StatementTimeoutError } from '../../../lib/engines/redshift-data/statement-errors.ts';
import { startDataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';
import type { DataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';
import type { ModelConfig, PlanSource } from '../../../lib/plan/plan.ts';
import { FakeClock } from './fake-clock.ts';
import { endpointEngine } from './endpoint-engine.ts';

const PAGE_SIZE = 4;

// One endpoint for the file: starting PGlite is the slow part.
let endpoint: DataApiEndpoint;
let s3Root: string;

beforeAll(async () => {
  s3Root = await mkdtemp(join(tmpdir(), 'redshift-copy-'));
  endpoint = await startDataApiEndpoint({ port: 0, pageSizeRows: PAGE_SIZE, s3Root });
});
afterAll(async () => {
  await endpoint?.close();
  if (s3Root) await rm(s3Root, { recursive: true, force: true });
});

describe('RedshiftDataEngine against the local Data API endpoint', () => {
  let engine: RedshiftDataEngine;
  let clock: FakeClock;
  let client: RedshiftDataClient;

  beforeAll(async () => {
    ({ engine, clock, client } = endpointEngine(endpoint, { maxAttempts: 4 }));
    await engine.execute(redshiftDialect.createSchema('raw'));
    await engine.execute(redshiftDialect.createSchema('analytics'));
  });
  afterEach(() => endpoint.setStatementDelayMs(0));
  afterAll(async () => {
    await engine?.close();
    client?.destroy();
  });

  it('reads a result of several pages into typed rows', async () => {
    await engine.transaction([
      `create table "raw"."typed" (id int, big bigint, amount decimal(18,2), ratio double precision, name varchar(20),
         active boolean, day date, at timestamp)`,
      `insert into "raw"."typed"
         select n, 9007199254740991, n + 0.5, n / 4.0, 'row ' || n, n % 2 = 0, date '2024-02-20' + n, timestamp '2024-02-29 13:14:15.123456' + n * interval '1 hour'
         from generate_series(1, 9) as n`,
      `insert into "raw"."typed" values (10, null, null, null, null, null, null, null)`,
    ]);
    const rows = await engine.query('select * from "raw"."typed" order by id');
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual({
      id: 1,
      big: 9007199254740991,
      amount: 1.5,
      ratio: 0.25,
      name: 'row 1',
      active: false,
      day: '2024-02-21',
      at: '2024-02-29T14:14:15.123Z',
    });
    expect(rows[9]).toEqual({ id: 10, big: null, amount: null, ratio: null, name: null, active: null, day: null, at: null });
  });

  it('commits nothing of a transaction that fails mid-batch, and names the failing statement', async () => {
    await engine.execute('create table "analytics"."kept" (id int)');
    const failing = engine.transaction([
      'create table "analytics"."half_built" (id int)',
      'insert into "analytics"."kept" values (1)',
      'insert into "analytics"."missing_table"\nvalues (1)',
    ]);
    await expect(failing).rejects.toThrow(RedshiftStatementError);
    await expect(failing).rejects.toThrow(
      /^Redshift statement failed \(statement 3 of 3 of a transaction, rolled back\): insert into "analytics"."missing_table"\n.*missing_table.*does not exist/,
    );
    expect(await engine.relationKind({ schema: 'analytics', name: 'half_built' })).toBeUndefined();
    expect(await engine.query('select count(*) as n from "analytics"."kept"')).toEqual([{ n: 0 }]);
  });

  it('builds with the dialect: dist/sort table, late-binding view, swap in one transaction', async () => {
    const config: ModelConfig = { materialized: 'table', tags: [], dist: 'deal_id', sort: ['deal_id'] };
    const target = { schema: 'analytics', name: 'fact_deals' };
    const staged = { schema: 'analytics', name: 'fact_deals__wap' };
    const view = { schema: 'analytics', name: 'deal_count' };
    await engine.transaction(redshiftDialect.createTableAs(target, 'select 1 as deal_id', config));
    await engine.transaction(redshiftDialect.createView(view, 'select count(*) as deals from "analytics"."fact_deals"'));
    await engine.transaction(redshiftDialect.createTableAs(staged, 'select 1 as deal_id union all select 2', config));
    await engine.transaction(redshiftDialect.swap(staged, target, 'table', 'table'));
    expect(await engine.query('select deals from "analytics"."deal_count"')).toEqual([{ deals: 2 }]);
    expect(await engine.relationKind(target)).toBe('table');
    expect(await engine.relationKind(view)).toBe('view');
    expect(await engine.relationKind(staged)).toBeUndefined();
  });

  it('retries throttled calls and succeeds', async () => {
    const before = clock.slept.length;
    endpoint.throttleNextCalls(2);
    expect(await engine.query('select 1 as one')).toEqual([{ one: 1 }]);
    expect(clock.slept.length - before).toBeGreaterThanOrEqual(2);
  });

  it('gives up after the attempt cap when throttling persists', async () => {
    endpoint.throttleNextCalls(4);
    await expect(engine.query('select 1 as one')).rejects.toThrow(RetriesExhaustedError);
    await expect(engine.query('select 1 as one')).resolves.toEqual([{ one: 1 }]);
  });

  it('cancels a statement that runs past the timeout', async () => {
    const { engine: impatient, client: impatientClient } = endpointEngine(endpoint, { statementTimeoutMs: 1000 });
    endpoint.setStatementDelayMs(60_000);
    try {
      await expect(impatient.execute('select 1')).rejects.toThrow(StatementTimeoutError);
    } finally {
      impatientClient.destroy();
    }
  });

  it('surfaces a statement cancelled by someone else as ABORTED', async () => {
    endpoint.setStatementDelayMs(60_000);
    const running = engine.execute('select 42');
    const outcome = running.catch((error: unknown) => error);
    let id: string | undefined;
    while (id === undefined) {
      const listed = await client.send(new ListStatementsCommand({ Status: 'STARTED' }));
      id = listed.Statements?.find((statement) => statement.QueryString === 'select 42')?.Id;
    }
    await client.send(new CancelStatementCommand({ Id: id }));
    const error = await outcome;
    expect(error).toBeInstanceOf(StatementAbortedError);
    expect((error as Error).message).toBe('Redshift cancelled statement select 42 (status ABORTED)');
  });
});

const accounts: PlanSource = {
  id: 'source.crm.accounts',
  sourceName: 'crm',
  tableName: 'accounts',
  relation: { schema: 'raw', name: 'accounts' },
  columns: [
    { name: 'account_id', dataType: 'varchar' },
    { name: 'annual_revenue', dataType: 'decimal(18,2)' },
    { name: 'employee_count', dataType: 'integer' },
    { name: 'is_deleted', dataType: 'boolean' },
    { name: 'updated_at', dataType: 'timestamp' },
  ],
};

const HEADER = 'account_id,annual_revenue,employee_count,is_deleted,updated_at';
const DAY_1 = 'raw/accounts/ingest_date=2024-03-01/part-0.csv';
const DAY_2 = 'raw/accounts/ingest_date=2024-03-02/part-0.csv.gz';

describe('loadLanding (COPY) against the local Data API endpoint', () => {
  let engine: RedshiftDataEngine;
  let client: RedshiftDataClient;
  let listing: LandingDayListing[];

  async function land(path: string, lines: readonly string[]): Promise<void> {
    const file = join(s3Root, 'crm-landing', 'prod', path);
    await mkdir(dirname(file), { recursive: true });
    const text = `${lines.join('\n')}\n`;
    await writeFile(file, path.endsWith('.gz') ? gzipSync(text) : text);
  }

  function options(overrides: Partial<CopyLoadOptions> = {}): CopyLoadOptions {
    return {
      landingUri: 's3://crm-landing/prod',
      sources: [accounts],
      runId: 'run-1',
      maxLoadErrors: 10,
      listDays: async () => listing,
      ...overrides,
    };
  }

  async function countsByDay(): Promise<Record<string, number>> {
    const rows = await engine.query(
      'select cast(_ingest_date as varchar) as day, count(*) as n from "raw"."accounts" group by 1 order by 1',
    );
    return Object.fromEntries(rows.map((row) => [String(row.day), Number(row.n)]));
  }

  beforeAll(async () => {
    ({ engine, client } = endpointEngine(endpoint));
  });
  afterAll(async () => {
    await engine?.close();
    client?.destroy();
  });

  beforeEach(async () => {
    await engine.executeAll(['drop table if exists "raw"."accounts"', 'drop table if exists audit.load_errors']);
    await land(DAY_1, [
      HEADER,
      'a1,100.50,10,false,2024-03-01T10:00:00Z',
      'a2,,5,true,2024-03-01T11:00:00Z',
      'a3,lots,7,false,2024-03-01T12:00:00Z',
      'a4,12.00,many,false,2024-03-01T13:00:00Z',
    ]);
    await land(DAY_2, [HEADER, 'a1,200.00,11,false,2024-03-02T10:00:00Z', 'a5,1.25,1,false,2024-03-02T09:00:00Z']);
    listing = [
      { table: 'accounts', ingestDate: '2024-03-01', objects: [{ path: DAY_1 }] },
      { table: 'accounts', ingestDate: '2024-03-02', objects: [{ path: DAY_2 }] },
    ];
  });

  it('reloads a day idempotently: three loads, the same rows', async () => {
    for (const runId of ['run-1', 'run-2', 'run-3']) {
      const summary = await loadLanding(engine, options({ runId }));
      expect(summary.totals).toEqual({ files: 2, daysLoaded: 2, daysSkipped: 0, rowsLoaded: 4, rowsRejected: 2 });
      expect(await countsByDay()).toEqual({ '2024-03-01': 2, '2024-03-02': 2 });
    }
    const rows = await engine.query(
      'select account_id, annual_revenue, employee_count, is_deleted, updated_at, _source_file from "raw"."accounts" order by _ingest_date, account_id',
    );
    expect(rows).toEqual([
      { account_id: 'a1', annual_revenue: 100.5, employee_count: 10, is_deleted: false, updated_at: '2024-03-01T10:00:00.000Z', _source_file: DAY_1 },
      { account_id: 'a2', annual_revenue: null, employee_count: 5, is_deleted: true, updated_at: '2024-03-01T11:00:00.000Z', _source_file: DAY_1 },
      { account_id: 'a1', annual_revenue: 200, employee_count: 11, is_deleted: false, updated_at: '2024-03-02T10:00:00.000Z', _source_file: DAY_2 },
      { account_id: 'a5', annual_revenue: 1.25, employee_count: 1, is_deleted: false, updated_at: '2024-03-02T09:00:00.000Z', _source_file: DAY_2 },
    ]);
    expect(await engine.relationKind({ schema: 'raw', name: 'accounts__load' })).toBeUndefined();
  });

  it('lands rejected rows in audit.load_errors with file, line and column', async () => {
    await loadLanding(engine, options());
    const errors = await engine.query(
      `select run_id, table_name, cast(ingest_date as varchar) as ingest_date, source_file, line_number, column_name, raw_text, reason
         from audit.load_errors order by line_number`,
    );
    expect(errors).toEqual([
      expect.objectContaining({ run_id: 'run-1', table_name: 'accounts', ingest_date: '2024-03-01', source_file: DAY_1, line_number: 4, column_name: 'annual_revenue', raw_text: null }),
      expect.objectContaining({ source_file: DAY_1, line_number: 5, column_name: 'employee_count' }),
    ]);
    expect(String(errors[0]?.reason)).toMatch(/^COPY \d+: /);
  });

  it('keeps a day that breaks the error budget out, leaving its previous rows and recording its rejects', async () => {
    await loadLanding(engine, options());
    await land(DAY_1, [HEADER, 'a9,1.00,1,false,2024-03-01T10:00:00Z', 'a3,lots,7,false,2024-03-01T12:00:00Z', 'a4,12.00,many,false,2024-03-01T13:00:00Z']);
    const failing = loadLanding(engine, options({ runId: 'run-2', maxLoadErrors: 1 }));
    await expect(failing).rejects.toThrow(LoadBudgetExceededError);
    await expect(failing).rejects.toThrow(`${DAY_1}: 2 rejected rows in this file; 2 in this load exceed the error budget of 1`);
    expect(await engine.query(`select account_id from "raw"."accounts" where _ingest_date = '2024-03-01' order by 1`)).toEqual([
      { account_id: 'a1' },
      { account_id: 'a2' },
    ]);
    expect(await engine.query(`select count(*) as n from audit.load_errors where run_id = 'run-2'`)).toEqual([{ n: 2 }]);
  });

  it('loads a file with exactly as many bad rows as the budget allows: COPY never fails at the budget', async () => {
    const summary = await loadLanding(engine, options({ maxLoadErrors: 2 }));
    expect(summary.totals).toMatchObject({ daysLoaded: 2, rowsLoaded: 4, rowsRejected: 2 });
    expect(await countsByDay()).toEqual({ '2024-03-01': 2, '2024-03-02': 2 });
    expect(await engine.query('select count(*) as n from audit.load_errors')).toEqual([{ n: 2 }]);
  });

  const wholeGzip = gzipSync(`${HEADER}\na9,1.00,1,false,2024-03-01T10:00:00Z\n`);
  // The listing carries what the S3 listing reads of each object: its size and header row.
  it.each([
    {
      name: 'a 0-byte object',
      object: { path: 'raw/accounts/ingest_date=2024-03-01/part-1.csv', sizeBytes: 0 },
      content: Buffer.alloc(0),
      error: UnreadableLandingFilesError,
      why: 'EMPTY FILE: 0 bytes',
      recorded: [{ source_file: 'raw/accounts/ingest_date=2024-03-01/part-1.csv' }],
    },
    {
      name: 'a header missing a contract column',
      object: { path: 'raw/accounts/ingest_date=2024-03-01/part-1.csv', header: ['account_id', 'annual_revenue', 'is_deleted', 'updated_at'] },
      content: Buffer.from('account_id,annual_revenue,is_deleted,updated_at\na9,1.00,false,2024-03-01T10:00:00Z\n'),
      error: UnreadableLandingFilesError,
      why: 'MISSING COLUMN: the header lacks contract column employee_count',
      recorded: [{ source_file: 'raw/accounts/ingest_date=2024-03-01/part-1.csv' }],
    },
    // Only COPY reads a gzip whole: it fails, and its transaction, which would have replaced the day, rolls back.
    {
      name: 'a truncated gzip',
      object: { path: 'raw/accounts/ingest_date=2024-03-01/part-1.csv.gz', header: HEADER.split(',') },
      content: wholeGzip.subarray(0, wholeGzip.length - 10),
      error: RedshiftStatementError,
      why: 'gzip: unexpected end of file (file s3://crm-landing/prod/raw/accounts/ingest_date=2024-03-01/part-1.csv.gz)',
      recorded: [],
    },
  ])('keeps a day as it was when a re-extract holds $name, failing the load and naming it', async (bad) => {
    await loadLanding(engine, options());
    await land(DAY_1, [HEADER, 'a9,1.00,1,false,2024-03-01T10:00:00Z']);
    const badFile = join(s3Root, 'crm-landing', 'prod', bad.object.path);
    await writeFile(badFile, bad.content);
    try {
      listing = [{ table: 'accounts', ingestDate: '2024-03-01', objects: [{ path: DAY_1, header: HEADER.split(',') }, bad.object] }];
      const failing = loadLanding(engine, options({ runId: 'run-2' }));
      await expect(failing).rejects.toThrow(bad.error);
      await expect(failing).rejects.toThrow(bad.why);
      expect(await engine.query(`select account_id from "raw"."accounts" where _ingest_date = '2024-03-01' order by 1`)).toEqual([
        { account_id: 'a1' },
        { account_id: 'a2' },
      ]);
      expect(await engine.query(`select source_file from audit.load_errors where run_id = 'run-2'`)).toEqual(bad.recorded);
    } finally {
      await rm(badFile);
    }
  });

  it('labels the rows of each file of a day, and maps a reordered header with an added column', async () => {
    const second = 'raw/accounts/ingest_date=2024-03-01/part-1.csv';
    await land(second, ['updated_at,region,account_id,is_deleted,employee_count,annual_revenue', '2024-03-01T15:00:00Z,emea,a7,false,3,9.99']);
    listing = [
      {
        table: 'accounts',
        ingestDate: '2024-03-01',
        objects: [{ path: DAY_1 }, { path: second, header: ['updated_at', 'region', 'account_id', 'is_deleted', 'employee_count', 'annual_revenue'] }],
      },
    ];
    const summary = await loadLanding(engine, options());
    expect(summary.tables[0]?.days[0]).toMatchObject({ rowsLoaded: 3, rowsRejected: 2 });
    expect(await engine.query('select account_id, annual_revenue, _source_file from "raw"."accounts" order by account_id')).toEqual([
      { account_id: 'a1', annual_revenue: 100.5, _source_file: DAY_1 },
      { account_id: 'a2', annual_revenue: null, _source_file: DAY_1 },
      { account_id: 'a7', annual_revenue: 9.99, _source_file: second },
    ]);
  });
});
