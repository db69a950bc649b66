import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  ListStatementsCommand,
  ResourceNotFoundException,
  ValidationException,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';
import { dataApiClient, execute, queryValues, runStatement, TARGET, waitForStatement } from './data-api-harness.ts';

const UUID = /^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}$/;
const PAGE_SIZE = 2;

let endpoint: DataApiEndpoint;
let client: RedshiftDataClient;

beforeAll(async () => {
  endpoint = await startDataApiEndpoint({ pageSizeRows: PAGE_SIZE });
  client = dataApiClient(endpoint);
  await execute(
    client,
    `create table public.typed (
       id int not null, big bigint, amount numeric(12,3), ratio float8, name varchar(20),
       active boolean, day date, at timestamp
     )`,
  );
  await execute(
    client,
    `insert into public.typed values
       (1, 9007199254740991, 12.5, 0.25, 'one', true, '2024-02-29', '2024-02-29 13:14:15'),
       (2, null, null, null, null, null, null, null)`,
  );
});

afterAll(async () => {
  client?.destroy();
  await endpoint?.close();
});

describe('ExecuteStatement', () => {
  it('answers with the statement id, creation time and connection members of a workgroup', async () => {
    const before = Date.now();
    const response = await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 1' }));
    expect(response.Id).toMatch(UUID);
    expect(response.CreatedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(response).toMatchObject({ Database: 'dev', WorkgroupName: 'local-wg', DbUser: 'IAM:local' });
    expect(response.ClusterIdentifier).toBeUndefined();
  });

  it('names the cluster, not a workgroup, for a provisioned target', async () => {
    const response = await client.send(
      new ExecuteStatementCommand({ ClusterIdentifier: 'my-cluster', Database: 'dev', DbUser: 'awsuser', Sql: 'select 1' }),
    );
    expect(response).toMatchObject({ ClusterIdentifier: 'my-cluster', DbUser: 'awsuser' });
    expect(response.WorkgroupName).toBeUndefined();
  });

  it('returns the same statement for a repeated ClientToken instead of running it again', async () => {
    await execute(client, 'create table public.once (n int)');
    const request = { ...TARGET, Sql: 'insert into public.once values (1)', ClientToken: 'token-1' };
    const first = await client.send(new ExecuteStatementCommand(request));
    const second = await client.send(new ExecuteStatementCommand(request));
    expect(second.Id).toBe(first.Id);
    await waitForStatement(client, first.Id as string);
    expect(await queryValues(client, 'select count(*) from public.once')).toEqual([[1]]);
  });

  it('binds :name parameters as values Postgres types from their context', async () => {
    const parameters = [
      { name: 'id', value: '1' },
      { name: 'day', value: '2024-02-29' },
    ];
    const description = await runStatement(client, 'select name from public.typed where id = :id and day = :day', parameters);
    expect(description.QueryParameters).toEqual(parameters);
    expect(await queryValues(client, 'select name from public.typed where id = :id and day = :day', parameters)).toEqual([['one']]);
  });
});

describe('DescribeStatement', () => {
  it('describes a finished query: status, timings, result shape and query ids', async () => {
    const description = await runStatement(client, 'select id from public.typed order by id');
    expect(description).toMatchObject({
      Status: 'FINISHED',
      HasResultSet: true,
      ResultRows: 2,
      QueryString: 'select id from public.typed order by id',
      Database: 'dev',
      WorkgroupName: 'local-wg',
      ResultFormat: 'JSON',
    });
    expect(description.Duration).toBeGreaterThan(0);
    expect(description.ResultSize).toBeGreaterThan(0);
    expect(description.RedshiftQueryId).toBeGreaterThan(0);
    expect(description.RedshiftPid).toBeGreaterThan(0);
    expect(description.UpdatedAt?.getTime()).toBeGreaterThanOrEqual(description.CreatedAt?.getTime() ?? Infinity);
  });

  it('reports DDL without a result set and -1 rows, DML with the rows affected', async () => {
    expect(await runStatement(client, 'create table public.counted (n int)')).toMatchObject({ HasResultSet: false, ResultRows: -1 });
    expect(await runStatement(client, 'insert into public.counted values (1), (2), (3)')).toMatchObject({
      HasResultSet: false,
      ResultRows: 3,
    });
    expect(await runStatement(client, 'delete from public.counted where n > 1')).toMatchObject({ ResultRows: 2 });
  });
});

describe('GetStatementResult', () => {
  it('returns each type as the Field member Redshift uses', async () => {
    expect(await queryValues(client, 'select * from public.typed order by id')).toEqual([
      [1, 9007199254740991, '12.500', 0.25, 'one', true, '2024-02-29', '2024-02-29 13:14:15'],
      [2, null, null, null, null, null, null, null],
    ]);
  });

  it('describes the columns: names, Redshift type names, nullability, precision and scale, source table', async () => {
    const { Id } = await execute(client, 'select id, amount, name, at, id + 1 as next_id from public.typed');
    const { ColumnMetadata } = await client.send(new GetStatementResultCommand({ Id }));
    expect(ColumnMetadata?.map(({ name, typeName, nullable, precision, scale, schemaName, tableName }) => ({
      name,
      typeName,
      nullable,
      precision,
      scale,
      schemaName,
      tableName,
    }))).toEqual([
      { name: 'id', typeName: 'int4', nullable: 0, precision: 10, scale: 0, schemaName: 'public', tableName: 'typed' },
      { name: 'amount', typeName: 'numeric', nullable: 1, precision: 12, scale: 3, schemaName: 'public', tableName: 'typed' },
      { name: 'name', typeName: 'varchar', nullable: 1, precision: 20, scale: 0, schemaName: 'public', tableName: 'typed' },
      { name: 'at', typeName: 'timestamp', nullable: 1, precision: 29, scale: 6, schemaName: 'public', tableName: 'typed' },
      { name: 'next_id', typeName: 'int4', nullable: 1, precision: 10, scale: 0, schemaName: '', tableName: '' },
    ]);
  });

  it('pages with NextToken and reports TotalNumRows on every page', async () => {
    const { Id } = await execute(client, 'select n from generate_series(1, 5) as n order by n');
    const first = await client.send(new GetStatementResultCommand({ Id }));
    expect(first.Records).toEqual([[{ longValue: 1 }], [{ longValue: 2 }]]);
    expect(first.TotalNumRows).toBe(5);
    const second = await client.send(new GetStatementResultCommand({ Id, NextToken: first.NextToken }));
    const third = await client.send(new GetStatementResultCommand({ Id, NextToken: second.NextToken }));
    expect(second.Records).toEqual([[{ longValue: 3 }], [{ longValue: 4 }]]);
    expect(third.Records).toEqual([[{ longValue: 5 }]]);
    expect(third.TotalNumRows).toBe(5);
    expect(third.NextToken).toBeUndefined();
  });

  it('has no result for a statement without a result set', async () => {
    const { Id } = await execute(client, 'create table public.no_result (n int)');
    const failure = await client.send(new GetStatementResultCommand({ Id })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ResourceNotFoundException);
    expect((failure as ResourceNotFoundException).message).toBe(
      'Query does not have result. Please check query status with DescribeStatement.',
    );
  });

  it('rejects a NextToken of another statement', async () => {
    const { Id: paged } = await execute(client, 'select n from generate_series(1, 5) as n');
    const { NextToken } = await client.send(new GetStatementResultCommand({ Id: paged }));
    const { Id: other } = await execute(client, 'select n from generate_series(1, 5) as n');
    await expect(client.send(new GetStatementResultCommand({ Id: other, NextToken }))).rejects.toThrow(ValidationException);
  });
});

describe('BatchExecuteStatement', () => {
  it('runs the statements in order and describes each as a sub-statement', async () => {
    const { Id } = await client.send(
      new BatchExecuteStatementCommand({
        ...TARGET,
        Sqls: ['create table public.batched (n int)', 'insert into public.batched values (1), (2)', 'select n from public.batched order by n'],
        StatementName: 'batch-shapes',
      }),
    );
    const description = await waitForStatement(client, Id as string);
    expect(description).toMatchObject({ Id, Status: 'FINISHED', HasResultSet: true });
    expect(description.SubStatements?.map(({ Id: subId, Status, HasResultSet, ResultRows }) => ({ subId, Status, HasResultSet, ResultRows }))).toEqual([
      { subId: `${Id}:1`, Status: 'FINISHED', HasResultSet: false, ResultRows: -1 },
      { subId: `${Id}:2`, Status: 'FINISHED', HasResultSet: false, ResultRows: 2 },
      { subId: `${Id}:3`, Status: 'FINISHED', HasResultSet: true, ResultRows: 2 },
    ]);
    const queryIds = description.SubStatements?.map((sub) => sub.RedshiftQueryId ?? 0) ?? [];
    expect([...queryIds].sort((left, right) => left - right)).toEqual(queryIds);

    const third = await client.send(new DescribeStatementCommand({ Id: `${Id}:3` }));
    expect(third).toMatchObject({ Id: `${Id}:3`, QueryString: 'select n from public.batched order by n', Status: 'FINISHED' });
    const result = await client.send(new GetStatementResultCommand({ Id: `${Id}:3` }));
    expect(result.Records).toEqual([[{ longValue: 1 }], [{ longValue: 2 }]]);
  });

  it('reads results per sub-statement only', async () => {
    const { Id } = await client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: ['select 1'] }));
    await waitForStatement(client, Id as string);
    await expect(client.send(new GetStatementResultCommand({ Id }))).rejects.toThrow(/is a batch/);
    await expect(client.send(new DescribeStatementCommand({ Id: `${Id}:2` }))).rejects.toThrow(ResourceNotFoundException);
  });
});

describe('ListStatements', () => {
  it('lists newest first with the batch flag, query strings and names, filtered and paged', async () => {
    const single = await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 41', StatementName: 'listed-single' }));
    const batch = await client.send(
      new BatchExecuteStatementCommand({ ...TARGET, Sqls: ['select 42', 'select 43'], StatementName: 'listed-batch' }),
    );
    await waitForStatement(client, batch.Id as string);
    const listed = await client.send(new ListStatementsCommand({ StatementName: 'listed-' }));
    expect(listed.Statements?.map(({ Id, IsBatchStatement, QueryString, QueryStrings, StatementName, Status }) => ({
      Id,
      IsBatchStatement,
      QueryString,
      QueryStrings,
      StatementName,
      Status,
    }))).toEqual([
      { Id: batch.Id, IsBatchStatement: true, QueryString: undefined, QueryStrings: ['select 42', 'select 43'], StatementName: 'listed-batch', Status: 'FINISHED' },
      { Id: single.Id, IsBatchStatement: false, QueryString: 'select 41', QueryStrings: undefined, StatementName: 'listed-single', Status: 'FINISHED' },
    ]);

    const firstPage = await client.send(new ListStatementsCommand({ StatementName: 'listed-', MaxResults: 1 }));
    const secondPage = await client.send(new ListStatementsCommand({ StatementName: 'listed-', MaxResults: 1, NextToken: firstPage.NextToken }));
    expect(firstPage.Statements?.map((statement) => statement.Id)).toEqual([batch.Id]);
    expect(secondPage.Statements?.map((statement) => statement.Id)).toEqual([single.Id]);
    expect(secondPage.NextToken).toBeUndefined();
  });

  it('filters by status', async () => {
    const failed = await runStatement(client, 'select * from public.missing_for_list');
    const listed = await client.send(new ListStatementsCommand({ Status: 'FAILED' }));
    expect(listed.Statements?.map((statement) => statement.Id)).toContain(failed.Id);
    expect(listed.Statements?.every((statement) => statement.Status === 'FAILED')).toBe(true);
  });
});

describe('sessions', () => {
  it('drops temporary tables at the end of a call without a session, as its Redshift session ends', async () => {
    await execute(client, 'create temp table gone as select 1 as n');
    expect(await runStatement(client, 'select n from gone')).toMatchObject({
      Status: 'FAILED',
      Error: 'ERROR: relation "gone" does not exist',
    });
  });

  it('keeps temporary tables, pid and target for calls naming the SessionId until it expires', async () => {
    const opened = await client.send(
      new ExecuteStatementCommand({ ...TARGET, Sql: 'create temp table scratch as select 7 as n', SessionKeepAliveSeconds: 1 }),
    );
    expect(opened.SessionId).toMatch(UUID);
    const openedDescription = await waitForStatement(client, opened.Id as string);
    const reused = await client.send(new ExecuteStatementCommand({ Sql: 'select n from scratch', SessionId: opened.SessionId }));
    expect(reused).toMatchObject({ SessionId: opened.SessionId, Database: 'dev', WorkgroupName: 'local-wg' });
    const description = await waitForStatement(client, reused.Id as string);
    expect(description).toMatchObject({ Status: 'FINISHED', SessionId: opened.SessionId, RedshiftPid: openedDescription.RedshiftPid });

    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(client.send(new ExecuteStatementCommand({ Sql: 'select 1', SessionId: opened.SessionId }))).rejects.toThrow(
      /is not available/,
    );
  });
});
