import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { LoadBudgetExceededError } from '../../../lib/landing/load-summary.ts';
import { UnreadableLandingFilesError } from '../../../lib/landing/unreadable-files.ts';
import type { LoadProgress } from '../../../lib/landing/load-summary.ts';
import { loadLanding } from '../../../lib/engines/redshift-data/copy-loader.ts';
import type { CopyLoadOptions } from '../../../lib/engines/redshift-data/copy-loader.ts';
import type { LandingDayListing } from '../../../lib/engines/redshift-data/landing-listing.ts';
import { LandingListingError } from '../../../lib/engines/redshift-data/landing-listing.ts';
import { RedshiftDataEngine } from '../../../lib/engines/redshift-data/redshift-data-engine.ts';
import { RedshiftStatementError } from '../../../lib/engines/redshift-data/statement-errors.ts';
import type { PlanSource } from '../../../lib/plan/plan.ts';
import { FakeClock } from './fake-clock.ts';
import { ScriptedDataApi } from './scripted-data-api.ts';
import type { Cell, Script } from './scripted-data-api.ts';

const dataApi = mockClient(RedshiftDataClient);

const accounts: PlanSource = {
  id: 'source.crm.accounts',
  sourceName: 'crm',
  tableName: 'accounts',
  relation: { schema: 'raw', name: 'accounts' },
  columns: [
    { name: 'account_id', dataType: 'varchar' },
    { name: 'annual_revenue', dataType: 'decimal(18,2)' },
    { name: 'updated_at', dataType: 'timestamp' },
  ],
};

const users: PlanSource = {
  ...accounts,
  id: 'source.crm.users',
  tableName: 'users',
  relation: { schema: 'raw', name: 'users' },
  columns: [{ name: 'user_id', dataType: 'varchar' }],
};

const DAY = 'raw/accounts/ingest_date=2024-03-01/';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function day(table: string, ingestDate: string, ...names: string[]): LandingDayListing {
  return { table, ingestDate, objects: names.map((name) => ({ path: `raw/${table}/ingest_date=${ingestDate}/${name}` })) };
}

/** What the scripted warehouse answers: raw table columns, staged rows and COPY rejects per landing path. */
interface Warehouse {
  existingColumns: string[];
  /** audit.loaded_files rows. */
  loadedFiles: { ingest_date: string; source_file: string; size_bytes: number; modified_ms: number }[];
  stagedRows: Record<string, number>;
  rejectsByPath: Record<string, number>;
}

describe('loadLanding (Redshift COPY) against a scripted Data API', () => {
  let engine: RedshiftDataEngine;
  let warehouse: Warehouse;
  let api: ScriptedDataApi;
  let failures: Script['fail'];

  function rows(sql: string): Record<string, Cell>[] | undefined {
    if (sql.includes('from audit.loaded_files')) return warehouse.loadedFiles;
    if (sql.includes('information_schema.columns')) return warehouse.existingColumns.map((column_name) => ({ column_name }));
    if (sql.includes('from sys_load_error_detail')) {
      const asked = new Set([.../query_id in \(([\d, ]+)\)/.exec(sql)![1]!.split(', ')].map(Number));
      const counts = Object.entries(warehouse.rejectsByPath)
        .map(([path, rejected]) => ({ query_id: queryIdOfCopy(path), rejected }))
        .filter((row) => asked.has(row.query_id));
      if (sql.includes('count(distinct line_number)')) return counts;
      const [, limit, offset] = /limit (\d+) offset (\d+)$/.exec(sql)!.map(Number);
      const details = counts.flatMap(({ query_id, rejected }) =>
        Array.from({ length: rejected }, (_, line) => ({ query_id, line_number: line + 2, column_name: 'annual_revenue', error_code: 1209, error_message: `bad decimal \\' ${line}` })),
      );
      return details.slice(offset, (offset ?? 0) + (limit ?? 0));
    }
    if (sql.includes('__load" group by 2')) return Object.entries(warehouse.stagedRows).map(([source_file, row_count]) => ({ source_file, row_count }));
    return undefined;
  }

  function options(overrides: Partial<CopyLoadOptions> = {}): CopyLoadOptions {
    return {
      landingUri: 's3://crm-landing/prod/',
      sources: [accounts],
      runId: 'run-1',
      maxLoadErrors: 10,
      listDays: async () => [day('accounts', '2024-03-01', 'part-0.csv')],
      ...overrides,
    };
  }

  /** The query id the scripted API gave the latest COPY of `path` (-1 before there is one). */
  function queryIdOfCopy(path: string): number {
    let queryId = -1;
    for (const submission of api.submissions) {
      const index = submission.sqls.findIndex((sql) => sql.startsWith('copy ') && sql.includes(`${path}'`));
      if (index >= 0 && submission.queryIds[index] !== undefined) queryId = submission.queryIds[index] as number;
    }
    return queryId;
  }

  beforeEach(() => {
    dataApi.reset();
    const clock = new FakeClock();
    warehouse = { existingColumns: [], loadedFiles: [], stagedRows: { [`${DAY}part-0.csv`]: 3 }, rejectsByPath: {} };
    failures = undefined;
    api = new ScriptedDataApi(dataApi, { rows, fail: (sql) => failures?.(sql) });
    engine = new RedshiftDataEngine({
      client: new RedshiftDataClient({ region: 'eu-west-1' }),
      workgroupName: 'crm',
      database: 'warehouse',
      sleep: clock.sleep,
      now: clock.now,
      concurrency: 1,
    });
  });

  it('creates the audit tables, the raw schema and a missing raw table with Redshift types, quoting raw', async () => {
    await loadLanding(engine, options({ listDays: async () => [] }));
    const statements = api.statements();
    expect(statements).toContain('create schema if not exists "raw"');
    expect(statements.some((sql) => sql.startsWith('create table if not exists audit.load_errors'))).toBe(true);
    expect(statements).toContain(
      'create table if not exists "raw"."accounts" (\n  "account_id" varchar(65535),\n  "annual_revenue" decimal(18,2),\n  "updated_at" timestamp,\n' +
        '  "_ingest_date" date,\n  "_source_file" varchar(1024),\n  "_loaded_at" timestamp\n)\ncompound sortkey ("_ingest_date")',
    );
  });

  it('adds the contract columns an existing raw table lacks, one ALTER each', async () => {
    warehouse.existingColumns = ['account_id', 'updated_at', '_ingest_date', '_source_file', '_loaded_at'];
    const summary = await loadLanding(engine, options({ listDays: async () => [] }));
    expect(api.statements().filter((sql) => sql.startsWith('alter table'))).toEqual([
      'alter table "raw"."accounts" add column "annual_revenue" decimal(18,2)',
    ]);
    expect(summary.tables[0]?.created).toBe(false);
  });

  it('stages a day by COPY into a scratch table (timestamps as TIMESTAMPTZ, so an offset converts), then replaces the day in one transaction at UTC', async () => {
    const summary = await loadLanding(engine, options());
    const [staging, replace] = api.transactions().slice(-2);
    expect(staging).toEqual([
      'drop table if exists "raw"."accounts__load"',
      'create table "raw"."accounts__load" (\n  "account_id" varchar(65535),\n  "annual_revenue" decimal(18,2),\n  "updated_at" timestamptz,\n  "_source_file" varchar(1024)\n)',
      'copy "raw"."accounts__load" ("account_id", "annual_revenue", "updated_at")\n' +
        `from 's3://crm-landing/prod/${DAY}part-0.csv'\n` +
        "iam_role default\nformat as csv\nignoreheader 1\nemptyasnull\ntimeformat 'auto'\ndateformat 'auto'\nmaxerror 100000",
    ]);
    expect(replace).toHaveLength(4);
    expect(replace?.[0]).toBe(`delete from "raw"."accounts" where "_ingest_date" = cast('2024-03-01' as date)`);
    expect(replace?.[1]).toMatch(
      new RegExp(
        '^' +
          escape('insert into "raw"."accounts" ("account_id", "annual_revenue", "updated_at", "_ingest_date", "_source_file", "_loaded_at")\n') +
          escape(`select "account_id", "annual_revenue", "updated_at" at time zone 'UTC', cast('2024-03-01' as date), coalesce("_source_file", '${DAY}part-0.csv'), `) +
          "cast\\('\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}' as timestamp\\)\\n" +
          escape('from "raw"."accounts__load"') +
          '$',
      ),
    );
    expect(replace?.[2]).toBe(`delete from audit.loaded_files where table_name = 'accounts' and ingest_date = cast('2024-03-01' as date)`);
    expect(replace?.[3]).toBe('drop table if exists "raw"."accounts__load"');
    expect(api.statements().some((sql) => sql.startsWith('insert into audit.load_errors'))).toBe(false);
    expect(summary.totals).toEqual({ files: 1, daysLoaded: 1, daysSkipped: 0, rowsLoaded: 3, rowsRejected: 0 });
  });

  it('labels each file\'s rows with its landing path, COPYing .gz files with GZIP', async () => {
    warehouse.stagedRows = { [`${DAY}a.csv`]: 2, [`${DAY}b.csv.gz`]: 5 };
    const progress: LoadProgress[] = [];
    const summary = await loadLanding(engine, options({ listDays: async () => [day('accounts', '2024-03-01', 'b.csv.gz', 'a.csv')], onProgress: (event) => progress.push(event) }));
    const staging = api.transactions().at(-2) ?? [];
    expect(staging.slice(2).map((sql) => sql.split('\n')[0] + (sql.endsWith('gzip') ? ' …gzip' : ''))).toEqual([
      'copy "raw"."accounts__load" ("account_id", "annual_revenue", "updated_at")',
      `update "raw"."accounts__load" set "_source_file" = '${DAY}a.csv' where "_source_file" is null`,
      'copy "raw"."accounts__load" ("account_id", "annual_revenue", "updated_at") …gzip',
    ]);
    expect(api.transactions().at(-1)?.[1]).toContain(`coalesce("_source_file", '${DAY}b.csv.gz')`);
    expect(summary.tables[0]?.days).toEqual([
      { ingestDate: '2024-03-01', files: [`${DAY}a.csv`, `${DAY}b.csv.gz`], rowsLoaded: 7, rowsRejected: 0, skipped: false },
    ]);
    expect(progress.map((event) => [event.file, event.rowsLoaded, event.filesDone, event.filesTotal])).toEqual([
      [`${DAY}a.csv`, 2, 1, 2],
      [`${DAY}b.csv.gz`, 5, 2, 2],
    ]);
  });

  it('stages a day of many files in several batches, keeping every COPY\'s query id', async () => {
    const names = Array.from({ length: 25 }, (_, index) => `part-${String(index).padStart(2, '0')}.csv`);
    warehouse.stagedRows = Object.fromEntries(names.map((name) => [`${DAY}${name}`, 1]));
    warehouse.rejectsByPath = { [`${DAY}part-24.csv`]: 1 };
    const summary = await loadLanding(engine, options({ listDays: async () => [day('accounts', '2024-03-01', ...names)] }));
    const staging = api.transactions().filter((batch) => batch.some((sql) => sql.startsWith('copy ')));
    expect(staging.map((batch) => batch.length)).toEqual([40, 11]);
    expect(summary.tables[0]?.days[0]).toMatchObject({ rowsLoaded: 25, rowsRejected: 1 });
    const record = api.statements().find((sql) => sql.startsWith('insert into audit.load_errors')) ?? '';
    expect(record).toContain(`'${DAY}part-24.csv', 2, 'annual_revenue'`);
  });

  it('skips a day whose objects (key, size, LastModified) are those of its last load, and records them when it loads', async () => {
    warehouse.existingColumns = ['account_id', 'annual_revenue', 'updated_at', '_ingest_date', '_source_file', '_loaded_at'];
    const object = { path: `${DAY}part-0.csv`, sizeBytes: 120, modifiedMs: 1_709_280_000_000 };
    const listDays = async (): Promise<LandingDayListing[]> => [{ table: 'accounts', ingestDate: '2024-03-01', objects: [object] }];
    const first = await loadLanding(engine, options({ listDays }));
    expect(first.totals).toMatchObject({ daysLoaded: 1, daysSkipped: 0 });
    expect(api.statements().find((sql) => sql.startsWith('insert into audit.loaded_files'))).toContain(`'accounts', cast('2024-03-01' as date), '${DAY}part-0.csv', 120, 1709280000000, 'run-1'`);
    warehouse.loadedFiles = [{ ingest_date: '2024-03-01', source_file: object.path, size_bytes: 120, modified_ms: 1_709_280_000_000 }];
    const copiesBefore = api.statements().filter((sql) => sql.startsWith('copy ')).length;
    const second = await loadLanding(engine, options({ listDays, runId: 'run-2' }));
    expect(second.totals).toMatchObject({ daysLoaded: 0, daysSkipped: 1 });
    expect(api.statements().filter((sql) => sql.startsWith('copy '))).toHaveLength(copiesBefore);
    const touched = async (): Promise<LandingDayListing[]> => [{ table: 'accounts', ingestDate: '2024-03-01', objects: [{ ...object, modifiedMs: object.modifiedMs + 1 }] }];
    expect((await loadLanding(engine, options({ listDays: touched, runId: 'run-3' }))).totals).toMatchObject({ daysLoaded: 1, daysSkipped: 0 });
    expect((await loadLanding(engine, options({ listDays, runId: 'run-4', force: true }))).totals).toMatchObject({ daysLoaded: 1, daysSkipped: 0 });
  });

  it('refuses an ingest date that is not a calendar date before anything runs', async () => {
    await expect(loadLanding(engine, options({ ingestDates: ['2026-02-30'] }))).rejects.toThrow('ingest date 2026-02-30 is not a YYYY-MM-DD calendar date');
    expect(api.submissions).toHaveLength(0);
  });

  it('copies with a role ARN when one is given, and refuses anything else', async () => {
    await loadLanding(engine, options({ iamRole: 'arn:aws:iam::123456789012:role/crm-copy' }));
    expect(api.statements().find((sql) => sql.startsWith('copy '))).toContain(`iam_role 'arn:aws:iam::123456789012:role/crm-copy'`);
    await expect(loadLanding(engine, options({ iamRole: 'crm-copy' }))).rejects.toThrow(
      "iamRole must be 'default' or an IAM role ARN (arn:aws:iam::123456789012:role/name), got 'crm-copy'",
    );
  });

  it('loads days oldest first and only the days asked for', async () => {
    const listDays = async () => [day('accounts', '2024-03-02', 'x.csv'), day('accounts', '2024-03-01', 'x.csv'), day('accounts', '2024-03-03', 'x.csv')];
    await loadLanding(engine, options({ listDays, ingestDates: ['2024-03-03', '2024-03-01'] }));
    const deletes = api.statements().filter((sql) => sql.startsWith('delete from "raw"."accounts"'));
    expect(deletes.map((sql) => sql.match(/'(\d{4}-\d\d-\d\d)'/)?.[1])).toEqual(['2024-03-01', '2024-03-03']);
  });

  it('counts each COPY\'s rejects and records them in audit.load_errors as literals, every COPY with the largest MAXERROR', async () => {
    const listDays = async () => [day('accounts', '2024-03-01', 'part-0.csv'), day('accounts', '2024-03-02', 'part-0.csv')];
    warehouse.stagedRows = { [`${DAY}part-0.csv`]: 3, ['raw/accounts/ingest_date=2024-03-02/part-0.csv']: 1 };
    warehouse.rejectsByPath = { [`${DAY}part-0.csv`]: 4 };
    const summary = await loadLanding(engine, options({ listDays }));
    const copies = api.statements().filter((sql) => sql.startsWith('copy '));
    expect(copies.map((sql) => sql.match(/maxerror (\d+)/)?.[1])).toEqual(['100000', '100000']);
    const records = api.statements().filter((sql) => sql.startsWith('insert into audit.load_errors'));
    expect(records).toHaveLength(1);
    expect(records[0]).not.toContain('sys_load_error_detail');
    expect(records[0]?.match(/'run-1', 'accounts', cast\('2024-03-01' as date\), 'raw\/accounts\/ingest_date=2024-03-01\/part-0\.csv', \d, 'annual_revenue'/g)).toHaveLength(4);
    expect(records[0]).toContain(String.raw`'COPY 1209: bad decimal \\'' 0'`);
    expect(summary.tables[0]?.days.map((loaded) => loaded.rowsRejected)).toEqual([4, 0]);
  });

  it('fails a day whose files together break the budget, committing nothing of it but its rejects', async () => {
    warehouse.stagedRows = { [`${DAY}a.csv`]: 2, [`${DAY}b.csv`]: 2 };
    warehouse.rejectsByPath = { [`${DAY}a.csv`]: 6, [`${DAY}b.csv`]: 5 };
    const failing = loadLanding(engine, options({ listDays: async () => [day('accounts', '2024-03-01', 'a.csv', 'b.csv')] }));
    await expect(failing).rejects.toThrow(LoadBudgetExceededError);
    await expect(failing).rejects.toThrow(`${DAY}a.csv: 6 rejected rows in this file; 11 in this load exceed the error budget of 10`);
    expect(api.statements().some((sql) => sql.startsWith('delete from "raw"."accounts"'))).toBe(false);
    const records = api.statements().filter((sql) => sql.startsWith('insert into audit.load_errors')).join('\n');
    expect(records.match(/'COPY 1209/g)).toHaveLength(11);
    expect(api.statements().at(-1)).toBe('drop table if exists "raw"."accounts__load"');
  });

  it('fails a day whose COPY itself failed at MAXERROR with LoadBudgetExceeded, recording the rejects it read', async () => {
    failures = (sql) =>
      sql.startsWith('copy ')
        ? { error: "ERROR: Load into table 'accounts__load' failed. Check 'sys_load_error_detail' system table for details.", ran: true }
        : undefined;
    warehouse.rejectsByPath = { [`${DAY}part-0.csv`]: 11 };
    const failing = loadLanding(engine, options());
    await expect(failing).rejects.toThrow(`${DAY}part-0.csv: 11 rejected rows in this file; 11 in this load exceed the error budget of 10`);
    expect(api.statements().some((sql) => sql.startsWith('delete from "raw"."accounts"'))).toBe(false);
    const records = api.statements().filter((sql) => sql.startsWith('insert into audit.load_errors')).join('\n');
    expect(records.match(new RegExp(escape(`'${DAY}part-0.csv', `), 'g'))).toHaveLength(11);
  });

  it('surfaces a COPY that failed for another reason as the statement error, writing no rejects', async () => {
    failures = (sql) => (sql.startsWith('copy ') ? { error: 'ERROR: S3ServiceException:Access Denied,Status 403' } : undefined);
    const failing = loadLanding(engine, options());
    await expect(failing).rejects.toThrow(RedshiftStatementError);
    await expect(failing).rejects.toThrow(/statement 3 of 3 of a transaction, rolled back\): copy "raw"."accounts__load".*\nERROR: S3ServiceException:Access Denied/);
    expect(api.statements().some((sql) => sql.startsWith('insert into audit.load_errors'))).toBe(false);
    expect(api.statements().at(-1)).toBe('drop table if exists "raw"."accounts__load"');
  });

  it('refuses to guess rejects when DescribeStatement gives a COPY no query id', async () => {
    dataApi.reset();
    api = new ScriptedDataApi(dataApi, { rows, withoutQueryIds: true });
    await expect(loadLanding(engine, options())).rejects.toThrow(
      `${DAY}part-0.csv: DescribeStatement gave no RedshiftQueryId for this file's COPY, so its rejected rows cannot be read; the day was not loaded`,
    );
    expect(api.statements().some((sql) => sql.startsWith('delete from "raw"."accounts"'))).toBe(false);
  });

  it('maps extra and reordered columns by name', async () => {
    const listDays = async (): Promise<LandingDayListing[]> => [
      { table: 'accounts', ingestDate: '2024-03-01', objects: [{ path: `${DAY}good.csv`, header: ['updated_at', 'ACCOUNT_ID', 'region', 'annual_revenue'] }] },
    ];
    warehouse.stagedRows = { [`${DAY}good.csv`]: 4 };
    const summary = await loadLanding(engine, options({ listDays }));
    const staging = api.transactions().find((batch) => batch.some((sql) => sql.startsWith('copy '))) ?? [];
    expect(staging[1]).toContain('"__extra_3" varchar(65535)');
    expect(staging[2]).toMatch(/^copy "raw"."accounts__load" \("updated_at", "account_id", "__extra_3", "annual_revenue"\)/);
    expect(summary.tables[0]?.days[0]).toMatchObject({ rowsLoaded: 4, rowsRejected: 0 });
  });

  it('fails on a file whose header lacks a contract column, or a 0-byte object, before any COPY, keeping the day', async () => {
    const listDays = async (): Promise<LandingDayListing[]> => [
      {
        table: 'accounts',
        ingestDate: '2024-03-01',
        objects: [
          { path: `${DAY}good.csv`, header: ['account_id', 'annual_revenue', 'updated_at'] },
          { path: `${DAY}short.csv`, header: ['account_id'] },
          { path: `${DAY}zero.csv`, sizeBytes: 0 },
        ],
      },
    ];
    const failing = loadLanding(engine, options({ listDays }));
    await expect(failing).rejects.toThrow(UnreadableLandingFilesError);
    await expect(failing).rejects.toThrow(
      `${DAY}short.csv: MISSING COLUMN: the header lacks contract columns annual_revenue, updated_at; the file cannot be loaded\n` +
        `${DAY}zero.csv: EMPTY FILE: 0 bytes, no header row; the file cannot be read\n` +
        'raw.accounts keeps its previous rows of 2024-03-01',
    );
    expect(api.statements().some((sql) => sql.startsWith('copy ') || sql.startsWith('delete from "raw"'))).toBe(false);
    const record = api.statements().find((sql) => sql.startsWith('insert into audit.load_errors')) ?? '';
    expect(record).toContain(`'${DAY}short.csv', 1, 'annual_revenue, updated_at', 'account_id'`);
    expect(record).toContain(`'${DAY}zero.csv', 1, null, ''`);
  });

  it('creates every source\'s raw table even when it has no file, and loads tables side by side', async () => {
    engine = new RedshiftDataEngine({ client: new RedshiftDataClient({ region: 'eu-west-1' }), workgroupName: 'crm', database: 'warehouse', concurrency: 2, sleep: async () => {} });
    const summary = await loadLanding(engine, options({ sources: [accounts, users] }));
    expect(api.statements().filter((sql) => sql.startsWith('create table if not exists "raw"'))).toHaveLength(2);
    expect(summary.tables.map((table) => [table.table, table.days.length, table.created])).toEqual([
      ['accounts', 1, true],
      ['users', 0, true],
    ]);
  });

  it('refuses a listing that COPY could not load file by file, before loading anything', async () => {
    const listDays = async () => [day('accounts', '2024-03-01', 'a.csv', 'a.csv.gz'), day('accounts', '2024-02-30', 'x.csv')];
    const failing = loadLanding(engine, options({ listDays }));
    await expect(failing).rejects.toThrow(LandingListingError);
    await expect(failing).rejects.toThrow(
      'the landing listing cannot be loaded:\n' +
        `- ${DAY}a.csv: COPY loads every object whose key starts with this one, so it would also load ${DAY}a.csv.gz; rename or remove one\n` +
        '- raw/accounts/ingest_date=2024-02-30/: a day folder must be named ingest_date=YYYY-MM-DD with a real calendar date',
    );
    expect(api.submissions).toHaveLength(0);
  });

  it('refuses a landing URI that is not s3://bucket/prefix', async () => {
    await expect(loadLanding(engine, options({ landingUri: '/data/landing' }))).rejects.toThrow("landingUri must look like s3://bucket/prefix, got '/data/landing'");
  });
});
