/**
 * The LoadRawDay step driven as the state machine drives it (submit → the batch ends → call again)
 * against a scripted Data API, on the real project's plan.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StepResponse } from '../../lib/pipeline/pipeline-contract.ts';
import { DataApiBatches } from '../../lib/pipeline/data-api-batches.ts';
import { LoadRawDayStep } from '../../lib/pipeline/load-raw-day-step.ts';
import type { RunPlan } from '../../lib/pipeline/run-plan.ts';
import type { ObjectStore } from '../../lib/pipeline/s3-landing-store.ts';
import { advanceStep } from '../../lib/pipeline/step-runner.ts';
import { crmRunPlan, RecordingTelemetry, RUN, scriptedDataApi, type ResultColumn, type ScriptedStatement } from './step-fixture.ts';

const run = RUN;

const header = 'account_id,account_name,industry,account_type,annual_revenue,employee_count,country,city,owner_id,is_deleted,created_at,updated_at\n';
const FILE = 'raw/accounts/ingest_date=2026-11-24/a.csv';
const landed = { [FILE]: `${header}A1,Acme\n`, 'raw/accounts/ingest_date=2026-11-23/old.csv': header, 'raw/accounts/ingest_date=2026-11-24/_SUCCESS': '' };
const DETAIL_COLUMNS: ResultColumn[] = ['query_id', 'line_number', 'column_name', 'error_code', 'error_message'].map((name) => ({
  name,
  type: name === 'query_id' || name === 'line_number' || name === 'error_code' ? 'int8' : 'varchar',
}));

let plan: RunPlan;
let api: ReturnType<typeof scriptedDataApi>;
let telemetry: RecordingTelemetry;

beforeAll(async () => {
  plan = await crmRunPlan();
});

afterEach(() => api?.mock.reset());

/** Every object's LastModified in these tests. */
const MODIFIED_MS = Date.parse('2026-11-24T01:00:00.000Z');

function store(files: Record<string, string>): ObjectStore {
  return {
    async list(prefix) {
      return Object.keys(files)
        .filter((key) => key.startsWith(prefix))
        .sort()
        .map((key) => ({ key, sizeBytes: Buffer.byteLength(files[key] ?? ''), modifiedMs: MODIFIED_MS }));
    },
    async head(key) {
      return new TextEncoder().encode(files[key] ?? '');
    },
  };
}

function loader(files: Record<string, string>, maxLoadErrors = 10, fullRefresh = false): LoadRawDayStep {
  return new LoadRawDayStep({
    runPlan: plan,
    runId: run.runId,
    runDate: '2026-11-24',
    fullRefresh,
    loadedAt: new Date(run.startedAt),
    store: store(files),
    landingUri: 's3://landing',
    landingRoot: '',
    iamRole: 'arn:aws:iam::123456789012:role/reader',
    maxLoadErrors,
    telemetry,
  });
}

async function drive(program: LoadRawDayStep, answer: (sqls: readonly string[]) => ScriptedStatement): Promise<StepResponse[]> {
  const batches = new DataApiBatches(api.client, { workgroupName: 'crmwarehouse', database: 'warehouse', adminSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin' });
  const responses: StepResponse[] = [];
  let response = await advanceStep({ step: 'LoadRawDay', run, cursor: 0 }, program, batches, telemetry);
  responses.push(response);
  for (let guard = 0; !response.step.done; guard += 1) {
    if (guard > 50) throw new Error('the step never finished');
    const submitted = api.last();
    api.script(submitted.id, answer(submitted.sqls));
    response = await advanceStep(
      { step: 'LoadRawDay', run, cursor: response.step.cursor, statementId: response.step.statementId, memo: response.step.memo },
      program,
      batches,
      telemetry,
    );
    responses.push(response);
  }
  return responses;
}

/** One SYS_LOAD_ERROR_DETAIL row of the COPY with query id 1002. */
function detail(line: number, message = 'Invalid digit, Value \'x\', Pos 0, Type: Integer'): (string | number)[] {
  return [1002, line, 'employee_count', 1207, message];
}

/** An audit.loaded_files row of 2026-11-24. */
type Recorded = readonly [table: string, file: string, sizeBytes: number, modifiedMs: number];

const RECORD_COLUMNS: ResultColumn[] = [
  { name: 'table_name', type: 'varchar' },
  { name: 'ingest_date', type: 'varchar' },
  { name: 'source_file', type: 'varchar' },
  { name: 'size_bytes', type: 'int8' },
  { name: 'modified_ms', type: 'numeric' },
];

interface Answers {
  /** audit.loaded_files rows of the run date. */
  readonly recorded?: readonly Recorded[];
  /** Raw tables that do not exist before the setup batch. */
  readonly newTables?: readonly string[];
}

/**
 * Every raw column present (except new tables'), so no ALTER; COPY query ids; per-copy reject
 * counts, staged rows and detail pages as given.
 */
function answers(rejected: number, loaded: number, details: (page: number) => (string | number)[][] = () => [], given: Answers = {}) {
  return (sqls: readonly string[]): ScriptedStatement => {
    const columnsAt = sqls.findIndex((sql) => sql.includes('information_schema.columns'));
    if (columnsAt >= 0) {
      const rows = plan.plan.sources
        .filter((source) => !(given.newTables ?? []).includes(source.tableName))
        .flatMap((source) =>
          [...source.columns.map((column) => column.name), '_ingest_date', '_source_file', '_loaded_at'].map((name) => ['raw', source.tableName, name]),
        );
      const recordedAt = sqls.findIndex((sql) => sql.includes('from audit.loaded_files'));
      return {
        results: {
          [columnsAt]: { columns: ['table_schema', 'table_name', 'column_name'].map((name) => ({ name, type: 'varchar' as const })), rows },
          ...(recordedAt >= 0 ? { [recordedAt]: { columns: RECORD_COLUMNS, rows: (given.recorded ?? []).map(([table, file, size, modified]) => [table, '2026-11-24', file, size, modified]) } } : {}),
        },
      };
    }
    if (sqls.some((sql) => sql.startsWith('copy '))) return { subStatements: sqls.map((sql, index) => (sql.startsWith('copy ') ? { RedshiftQueryId: 1000 + index } : {})) };
    const results: Record<number, { columns: readonly ResultColumn[]; rows: readonly (readonly (string | number | null)[])[] }> = {};
    sqls.forEach((sql, index) => {
      const page = /offset (\d+)$/.exec(sql);
      if (page !== null) results[index] = { columns: DETAIL_COLUMNS, rows: details(Number(page[1]) / 500) };
      else if (sql.includes('count(distinct line_number)')) {
        results[index] = { columns: [{ name: 'query_id', type: 'int8' }, { name: 'rejected', type: 'int8' }], rows: rejected > 0 ? [[1002, rejected]] : [] };
      } else if (sql.includes('as row_count')) {
        results[index] = { columns: [{ name: 'table_name', type: 'varchar' }, { name: 'source_file', type: 'varchar' }, { name: 'row_count', type: 'int8' }], rows: [['accounts', FILE, loaded]] };
      }
    });
    return { results };
  };
}

function setup(): void {
  api = scriptedDataApi();
  telemetry = new RecordingTelemetry();
}

describe('LoadRawDay', () => {
  it('sets up, COPYs the day per file with the largest MAXERROR, counts, and replaces the day', async () => {
    setup();
    await drive(loader(landed), answers(0, 1));
    const [setupBatch, stage, count, replace] = api.submitted.map((batch) => batch.sqls);
    expect(setupBatch).toContainEqual(expect.stringMatching(/^create table if not exists "raw"\."accounts"/));
    expect(setupBatch).toContain('create schema if not exists "analytics"');
    expect(setupBatch?.length).toBeLessThanOrEqual(40);
    expect(stage).toEqual([
      'drop table if exists "raw"."accounts__load"',
      expect.stringMatching(/^create table "raw"\."accounts__load"/),
      expect.stringMatching(/^copy "raw"\."accounts__load" \("account_id", [^)]*\)\nfrom 's3:\/\/landing\/raw\/accounts\/ingest_date=2026-11-24\/a\.csv'\niam_role 'arn:aws:iam::123456789012:role\/reader'[\s\S]*maxerror 100000$/),
    ]);
    expect(count?.[0]).toContain('query_id in (1002)');
    expect(count?.at(-1)).toMatch(/from sys_load_error_detail where query_id in \(1002\)[\s\S]*limit 500 offset 0$/);
    expect(replace).toEqual([
      `delete from "raw"."accounts" where "_ingest_date" = cast('2026-11-24' as date)`,
      expect.stringMatching(/^insert into "raw"\."accounts"[\s\S]*cast\('2026-11-24 03:00:00\.000' as timestamp\)/),
      `delete from audit.loaded_files where table_name = 'accounts' and ingest_date = cast('2026-11-24' as date)`,
      `insert into audit.loaded_files values\n('accounts', cast('2026-11-24' as date), '${FILE}', ${Buffer.byteLength(landed[FILE])}, ${MODIFIED_MS}, 'run-2026-11-24', cast('2026-11-24 03:00:00.000' as timestamp))`,
      'drop table if exists "raw"."accounts__load"',
    ]);
    expect(api.submitted).toHaveLength(4);
    expect(telemetry.metrics).toEqual(expect.arrayContaining([{ name: 'RawRowsLoaded', unit: 'Count', value: 1 }, { name: 'RawRowsRejected', unit: 'Count', value: 0 }]));
  });

  it('loads every landed date up to the run date on a full refresh, oldest first', async () => {
    setup();
    await drive(loader({ ...landed, 'raw/accounts/ingest_date=2026-11-25/future.csv': header }, 10, true), answers(0, 1));
    const deletes = api.submitted.flatMap((batch) => batch.sqls).filter((sql) => sql.startsWith('delete from "raw"."accounts"'));
    expect(deletes.map((sql) => /'(\d{4}-\d{2}-\d{2})'/.exec(sql)?.[1])).toEqual(['2026-11-23', '2026-11-24']);
  });

  it('writes the rejects as literals within the budget, and still replaces the day', async () => {
    setup();
    await drive(loader(landed, 10), answers(2, 1, (page) => (page === 0 ? [detail(2), detail(3, String.raw`bad \' value`)] : [])));
    const inserts = api.submitted.flatMap((batch) => batch.sqls).filter((sql) => sql.startsWith('insert into audit.load_errors'));
    expect(inserts).toHaveLength(1);
    expect(inserts[0]).not.toContain('sys_load_error_detail');
    expect(inserts[0]).toContain(`'${FILE}', 2, 'employee_count', cast(null as varchar(65535)), 'COPY 1207: Invalid digit, Value ''x'', Pos 0, Type: Integer'`);
    expect(inserts[0]).toContain(String.raw`'COPY 1207: bad \\'' value'`);
    expect(api.submitted.flatMap((batch) => batch.sqls)).toContain(`delete from "raw"."accounts" where "_ingest_date" = cast('2026-11-24' as date)`);
  });

  it('reads the reject details page by page, each page written with the next one read in the same batch', async () => {
    setup();
    const page = (index: number) => Array.from({ length: index === 0 ? 500 : 3 }, (_, line) => detail(index * 500 + line + 2));
    await drive(loader(landed, 1000), answers(503, 1, page));
    const rejectBatches = api.submitted.filter((batch) => batch.sqls.some((sql) => sql.startsWith('insert into audit.load_errors')));
    expect(rejectBatches).toHaveLength(2);
    expect(rejectBatches[0]?.sqls.at(-1)).toMatch(/limit 500 offset 500$/);
    expect(rejectBatches[1]?.sqls.some((sql) => sql.includes('sys_load_error_detail'))).toBe(false);
    const rows = rejectBatches.flatMap((batch) => batch.sqls).filter((sql) => sql.startsWith('insert')).join('\n').match(/'COPY 1207/g);
    expect(rows).toHaveLength(503);
  });

  it('ends with LoadBudgetExceeded, its rejects recorded and the day kept out, when a file breaks the budget', async () => {
    setup();
    const eleven = Array.from({ length: 11 }, (_, line) => detail(line + 2));
    await expect(drive(loader(landed, 10), answers(11, 1, (page) => (page === 0 ? eleven : [])))).rejects.toMatchObject({
      name: 'LoadBudgetExceeded',
      message: expect.stringContaining(`${FILE}: 11 rejected rows in this file; 11 in this load exceed the error budget of 10`),
    });
    const sqls = api.submitted.flatMap((batch) => batch.sqls);
    expect(sqls.some((sql) => sql.startsWith('delete from'))).toBe(false);
    expect(sqls.filter((sql) => sql.startsWith('insert into audit.load_errors')).join('\n').match(/'COPY 1207/g)).toHaveLength(11);
    expect(api.last().sqls).toEqual(['drop table if exists "raw"."accounts__load"']);
  });

  it('fails on a file whose header lacks a contract column, without a COPY and without replacing the date', async () => {
    setup();
    await expect(drive(loader({ [FILE]: 'account_id,account_name\nA1,Acme\n' }), answers(0, 0))).rejects.toMatchObject({
      name: 'UnreadableLandingFilesError',
      message: expect.stringContaining(`${FILE}: MISSING COLUMN: the header lacks contract columns`),
    });
    const sqls = api.submitted.flatMap((batch) => batch.sqls);
    expect(sqls.some((sql) => sql.startsWith('copy ') || sql.startsWith('delete from "raw"'))).toBe(false);
    expect(sqls.find((sql) => sql.startsWith('insert into audit.load_errors'))).toContain('MISSING COLUMN');
  });

  it('fails on a 0-byte file next to a good one, replacing nothing of the date', async () => {
    setup();
    await expect(drive(loader({ ...landed, 'raw/accounts/ingest_date=2026-11-24/b.csv': '' }), answers(0, 1))).rejects.toMatchObject({
      name: 'UnreadableLandingFilesError',
      message: expect.stringContaining('raw/accounts/ingest_date=2026-11-24/b.csv: EMPTY FILE: 0 bytes'),
    });
    expect(api.submitted.flatMap((batch) => batch.sqls).some((sql) => sql.startsWith('delete from "raw"'))).toBe(false);
  });

  it('skips a date whose objects are the ones audit.loaded_files recorded: no COPY, nothing replaced', async () => {
    setup();
    const recorded: Recorded[] = [['accounts', FILE, Buffer.byteLength(landed[FILE]), MODIFIED_MS]];
    await drive(loader(landed), answers(0, 1, () => [], { recorded }));
    expect(api.submitted).toHaveLength(1);
    expect(api.submitted[0]?.sqls).toContain(
      `select table_name, cast(ingest_date as varchar(10)) as ingest_date, source_file, size_bytes, modified_ms
       from audit.loaded_files where ingest_date = cast('2026-11-24' as date)`,
    );
    expect(telemetry.lines).toContainEqual({ level: 'info', message: 'raw date unchanged since its last load, skipped', details: { date: '2026-11-24', tables: ['accounts'] } });
  });

  it.each<[string, Recorded[]]>([
    ['an object was overwritten (LastModified changed)', [['accounts', FILE, Buffer.byteLength(landed[FILE]), MODIFIED_MS - 1]]],
    ['an object was added', []],
    ['an object was removed', [['accounts', FILE, Buffer.byteLength(landed[FILE]), MODIFIED_MS], ['accounts', 'raw/accounts/ingest_date=2026-11-24/gone.csv', 5, MODIFIED_MS]]],
  ])('reloads a date when %s', async (_, recorded) => {
    setup();
    await drive(loader(landed), answers(0, 1, () => [], { recorded }));
    expect(api.submitted.flatMap((batch) => batch.sqls)).toContain(`delete from "raw"."accounts" where "_ingest_date" = cast('2026-11-24' as date)`);
  });

  it('reloads a recorded date into a raw table this run created, and reads no record on a full refresh', async () => {
    setup();
    const recorded: Recorded[] = [['accounts', FILE, Buffer.byteLength(landed[FILE]), MODIFIED_MS]];
    await drive(loader(landed), answers(0, 1, () => [], { recorded, newTables: ['accounts'] }));
    expect(api.submitted.flatMap((batch) => batch.sqls)).toContain(`delete from "raw"."accounts" where "_ingest_date" = cast('2026-11-24' as date)`);
    expect(api.submitted.flatMap((batch) => batch.sqls).some((sql) => sql.startsWith('alter table'))).toBe(false);

    setup();
    await drive(loader(landed, 10, true), answers(0, 1, () => [], { recorded }));
    expect(api.submitted[0]?.sqls.some((sql) => sql.includes('from audit.loaded_files'))).toBe(false);
    expect(api.submitted.flatMap((batch) => batch.sqls)).toContain(`delete from "raw"."accounts" where "_ingest_date" = cast('2026-11-24' as date)`);
  });

  it('counts the budget per file across dates and names the file with the most rejects', async () => {
    setup();
    const older = 'raw/accounts/ingest_date=2026-11-23/old.csv';
    const files = { ...landed, [older]: `${header}A0,Old\n` };
    const six = Array.from({ length: 6 }, (_, line) => detail(line + 2));
    await expect(drive(loader(files, 10, true), answers(6, 1, (page) => (page === 0 ? six : [])))).rejects.toMatchObject({
      name: 'LoadBudgetExceeded',
      message: expect.stringContaining(`${FILE}: 6 rejected rows in this file; 12 in this load exceed the error budget of 10`),
    });
    const deletes = api.submitted.flatMap((batch) => batch.sqls).filter((sql) => sql.startsWith('delete from "raw"."accounts"'));
    expect(deletes).toEqual([`delete from "raw"."accounts" where "_ingest_date" = cast('2026-11-23' as date)`]);
  });

  it('adds the contract columns a raw table lacks', () => {
    setup();
    expect(loader({}).missingColumnStatements([{ table_schema: 'raw', table_name: 'accounts', column_name: 'account_id' }])).toContain(
      'alter table "raw"."accounts" add column "account_name" varchar(65535)',
    );
  });
});
