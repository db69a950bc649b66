import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BatchExecuteStatementCommand, type RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';
import { dataApiClient, execute, queryValues, runStatement, TARGET, waitForStatement } from './data-api-harness.ts';

let s3Root: string;
let endpoint: DataApiEndpoint;
let client: RedshiftDataClient;

const HEADER = 'account_id,name,revenue,created_at\n';

async function land(key: string, content: string | Buffer): Promise<void> {
  const path = join(s3Root, 'landing', key);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

beforeAll(async () => {
  s3Root = await mkdtemp(join(tmpdir(), 'data-api-s3-'));
  await land('raw/accounts/ingest_date=2024-01-01/part-1.csv', `${HEADER}1,Acme,10.50,2024-01-01T08:00:00Z\n2,"Beta, Inc",,2024-01-01 09:00:00\n`);
  await land('raw/accounts/ingest_date=2024-01-02/part-1.csv', `${HEADER}3,Gamma,7,2024-01-02T10:00:00Z\n`);
  await land('raw/accounts/ingest_date=2024-01-10/part-1.csv', `${HEADER}10,Late,1,2024-01-10T10:00:00Z\n`);
  await land('raw/accounts/ingest_date=2024-01-03/part-1.csv.gz', gzipSync(`${HEADER}4,Delta,1.25,2024-01-03T00:00:00Z\n`));
  await land(
    'raw/dirty/ingest_date=2024-01-01/part-1.csv',
    `${HEADER}5,Good,1,2024-01-01T00:00:00Z\n6,BadRevenue,12x4,2024-01-01T00:00:00Z\n7,Short\n8,Good2,2,2024-01-01T00:00:00Z\n`,
  );
  await land('raw/duplicates/part-1.csv', `${HEADER}1,One,1,2024-01-01T00:00:00Z\n1,Again,2,2024-01-01T00:00:00Z\n`);
  endpoint = await startDataApiEndpoint({ s3Root });
  client = dataApiClient(endpoint);
  await execute(client, 'create schema raw');
});

afterAll(async () => {
  client?.destroy();
  await endpoint?.close();
  await rm(s3Root, { recursive: true, force: true });
});

async function createAccounts(table: string, key = ''): Promise<void> {
  await execute(
    client,
    `create table raw.${table} (account_id int not null${key}, name varchar(20), revenue decimal(18,2), created_at timestamp) diststyle even`,
  );
}

const COPY_OPTIONS = `iam_role default format as csv ignoreheader 1 timeformat 'auto' dateformat 'auto' emptyasnull blanksasnull region 'eu-west-1'`;

describe('COPY from S3', () => {
  it('loads every file under a key prefix, as S3 prefixes match, with the column types', async () => {
    await createAccounts('accounts');
    const copy = await runStatement(client, `copy raw.accounts from 's3://landing/raw/accounts/ingest_date=2024-01-0' ${COPY_OPTIONS}`);
    expect(copy).toMatchObject({ Status: 'FINISHED', ResultRows: 3, HasResultSet: false });
    expect(await queryValues(client, 'select account_id, name, revenue, created_at from raw.accounts order by account_id')).toEqual([
      [1, 'Acme', '10.50', '2024-01-01 08:00:00'],
      [2, 'Beta, Inc', null, '2024-01-01 09:00:00'],
      [3, 'Gamma', '7.00', '2024-01-02 10:00:00'],
    ]);
  });

  it('gunzips with GZIP and loads into listed columns', async () => {
    await execute(client, 'create table raw.gz (account_id int, name varchar(20), revenue decimal(18,2), created_at timestamp, note varchar(10))');
    const copy = await runStatement(
      client,
      `copy raw.gz (account_id, name, revenue, created_at) from 's3://landing/raw/accounts/ingest_date=2024-01-03/' ${COPY_OPTIONS} gzip`,
    );
    expect(copy.Status).toBe('FINISHED');
    expect(await queryValues(client, 'select account_id, name, note from raw.gz')).toEqual([[4, 'Delta', null]]);
  });

  it('records rejected rows in sys_load_error_detail and loads the rest within MAXERROR', async () => {
    await createAccounts('dirty');
    const copy = await runStatement(client, `copy raw.dirty from 's3://landing/raw/dirty/' ${COPY_OPTIONS} maxerror 5`);
    expect(copy).toMatchObject({ Status: 'FINISHED', ResultRows: 2 });
    expect(await queryValues(client, 'select account_id from raw.dirty order by account_id')).toEqual([[5], [8]]);
    expect(
      await queryValues(
        client,
        `select query_id, file_name, line_number, column_name, column_type, error_code, trim(error_message), raw_line, raw_field_value
         from sys_load_error_detail where query_id = ${copy.RedshiftQueryId} order by line_number`,
      ),
    ).toEqual([
      [
        copy.RedshiftQueryId,
        's3://landing/raw/dirty/ingest_date=2024-01-01/part-1.csv',
        3,
        'revenue',
        'numeric',
        1207,
        "Invalid digit, Value 'x', Pos 2, Type: Decimal",
        '6,BadRevenue,12x4,2024-01-01T00:00:00Z',
        '12x4',
      ],
      [copy.RedshiftQueryId, 's3://landing/raw/dirty/ingest_date=2024-01-01/part-1.csv', 4, '', '', 1214, 'Delimiter not found', '7,Short', ''],
    ]);
  });

  it('fails with Redshift’s message at the first reject without MAXERROR, loads nothing and keeps the error rows', async () => {
    await createAccounts('strict');
    const copy = await runStatement(client, `copy raw.strict from 's3://landing/raw/dirty/' ${COPY_OPTIONS}`);
    expect(copy).toMatchObject({
      Status: 'FAILED',
      Error: "ERROR: Load into table 'strict' failed. Check 'sys_load_error_detail' system table for details.",
    });
    expect(await queryValues(client, 'select count(*) from raw.strict')).toEqual([[0]]);
    expect(
      await queryValues(client, `select line_number, error_code from sys_load_error_detail where query_id = ${copy.RedshiftQueryId}`),
    ).toEqual([[3, 1207]]);
  });

  it('fails when the rejects reach MAXERROR, as Redshift does, and loads below it', async () => {
    // raw/dirty has two bad rows (lines 3 and 4) among four.
    await createAccounts('reach_two');
    const atTwo = await runStatement(client, `copy raw.reach_two from 's3://landing/raw/dirty/' ${COPY_OPTIONS} maxerror 2`);
    expect(atTwo).toMatchObject({
      Status: 'FAILED',
      Error: "ERROR: Load into table 'reach_two' failed. Check 'sys_load_error_detail' system table for details.",
    });
    expect(await queryValues(client, 'select count(*) from raw.reach_two')).toEqual([[0]]);
    expect(
      await queryValues(client, `select line_number from sys_load_error_detail where query_id = ${atTwo.RedshiftQueryId} order by 1`),
    ).toEqual([[3], [4]]);

    const atThree = await runStatement(client, `copy raw.reach_two from 's3://landing/raw/dirty/' ${COPY_OPTIONS} maxerror 3`);
    expect(atThree).toMatchObject({ Status: 'FINISHED', ResultRows: 2 });
  });

  it('fails at the first reject with MAXERROR 1, as with 0', async () => {
    await createAccounts('reach_one');
    const copy = await runStatement(client, `copy raw.reach_one from 's3://landing/raw/dirty/' ${COPY_OPTIONS} maxerror 1`);
    expect(copy.Status).toBe('FAILED');
    expect(
      await queryValues(client, `select line_number from sys_load_error_detail where query_id = ${copy.RedshiftQueryId}`),
    ).toEqual([[3]]);
  });

  it('fails the whole batch when a COPY reaches MAXERROR: earlier statements roll back, the error rows stay', async () => {
    await createAccounts('batch_target');
    const { Id } = await client.send(
      new BatchExecuteStatementCommand({
        ...TARGET,
        Sqls: [
          "insert into raw.batch_target values (99, 'Earlier', 1, '2024-01-01')",
          `copy raw.batch_target from 's3://landing/raw/dirty/' ${COPY_OPTIONS} maxerror 2`,
          "insert into raw.batch_target values (100, 'Later', 1, '2024-01-01')",
        ],
      }),
    );
    const batch = await waitForStatement(client, Id as string);
    expect(batch.Status).toBe('FAILED');
    expect(batch.SubStatements?.map((sub) => sub.Status)).toEqual(['FINISHED', 'FAILED', 'ABORTED']);
    expect(await queryValues(client, 'select count(*) from raw.batch_target')).toEqual([[0]]);
    const copyQueryId = batch.SubStatements?.[1]?.RedshiftQueryId;
    expect(await queryValues(client, `select count(*) from sys_load_error_detail where query_id = ${copyQueryId}`)).toEqual([[2]]);
  });

  it('lets later statements of the batch read the COPY’s errors through pg_last_copy_id()', async () => {
    await createAccounts('staged');
    await execute(client, 'create table raw.staged_errors (line_number bigint, reason varchar(512))');
    const { Id } = await client.send(
      new BatchExecuteStatementCommand({
        ...TARGET,
        Sqls: [
          'create temp table accounts_load (like raw.staged)',
          `copy accounts_load from 's3://landing/raw/dirty/' ${COPY_OPTIONS} maxerror 10`,
          'insert into raw.staged select * from accounts_load',
          `insert into raw.staged_errors
             select line_number, error_message from sys_load_error_detail where query_id = pg_last_copy_id()`,
        ],
      }),
    );
    const batch = await waitForStatement(client, Id as string);
    expect(batch.Status).toBe('FINISHED');
    expect(batch.SubStatements?.[3]?.ResultRows).toBe(2);
    expect(await queryValues(client, 'select line_number from raw.staged_errors order by line_number')).toEqual([[3], [4]]);
    expect(await queryValues(client, 'select count(*) from raw.staged')).toEqual([[2]]);
  });

  it('rejects rows Postgres refuses on insert (here a primary key), which Redshift would not enforce', async () => {
    await createAccounts('keyed', ' primary key');
    const copy = await runStatement(client, `copy raw.keyed from 's3://landing/raw/duplicates/' ${COPY_OPTIONS} maxerror 2`);
    expect(copy).toMatchObject({ Status: 'FINISHED', ResultRows: 1 });
    expect(
      await queryValues(client, `select line_number, error_code, error_message from sys_load_error_detail where query_id = ${copy.RedshiftQueryId}`),
    ).toEqual([[3, 1216, 'duplicate key value violates unique constraint "keyed_pkey"']]);
  });

  it('fails for a prefix that matches no object, a missing table and a missing column', async () => {
    await createAccounts('unused');
    expect(await runStatement(client, `copy raw.unused from 's3://landing/raw/none/' ${COPY_OPTIONS}`)).toMatchObject({
      Status: 'FAILED',
      Error: "ERROR: The specified S3 prefix 'raw/none/' does not exist",
    });
    expect(await runStatement(client, `copy raw.missing from 's3://landing/raw/accounts/' ${COPY_OPTIONS}`)).toMatchObject({
      Status: 'FAILED',
      Error: 'ERROR: relation "raw.missing" does not exist',
    });
    expect(await runStatement(client, `copy raw.unused (nope) from 's3://landing/raw/accounts/' ${COPY_OPTIONS}`)).toMatchObject({
      Status: 'FAILED',
      Error: 'ERROR: column "nope" of relation "unused" does not exist',
    });
  });

  it('refuses a source that would resolve outside the S3 root', async () => {
    await createAccounts('escape');
    expect(await runStatement(client, `copy raw.escape from 's3://../etc/' ${COPY_OPTIONS}`)).toMatchObject({
      Status: 'FAILED',
      Error: "ERROR: S3ServiceException:The specified bucket is not valid (bucket '..' breaks S3's bucket naming rules)",
    });
    expect(await runStatement(client, `copy raw.escape from 's3://landing/../../etc/passwd' ${COPY_OPTIONS}`)).toMatchObject({
      Status: 'FAILED',
      Error: expect.stringContaining("a '..' segment in the key prefix is refused") as unknown,
    });
  });

  it('reports -1 from pg_last_copy_id() in a call that ran no COPY', async () => {
    expect(await queryValues(client, 'select pg_last_copy_id()')).toEqual([[-1]]);
  });
});
