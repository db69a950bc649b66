import {
  ActiveStatementsExceededException,
  BatchExecuteStatementCommand,
  BatchExecuteStatementException,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  ExecuteStatementException,
  GetStatementResultCommand,
  ListStatementsCommand,
  ResourceNotFoundException,
  ValidationException,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';
import { dataApiClient, execute, queryValues, runStatement, TARGET, waitForStatement, waitForStatus } from './data-api-harness.ts';

const MAX_ACTIVE = 3;
const SLOW_MS = 300;

let database: PGlite;
let endpoint: DataApiEndpoint;
let client: RedshiftDataClient;

beforeAll(async () => {
  database = await PGlite.create();
  endpoint = await startDataApiEndpoint({ database, maxActiveStatements: MAX_ACTIVE });
  client = dataApiClient(endpoint);
  await execute(client, 'create table public.events (n int not null)');
});

afterEach(async () => {
  endpoint.setStatementDelayMs(0);
  endpoint.throttleNextCalls(0);
  if (!database.closed) await execute(client, 'delete from public.events');
});

afterAll(async () => {
  client?.destroy();
  await endpoint?.close();
  if (database !== undefined && !database.closed) await database.close();
});

async function submit(sql: string): Promise<string> {
  const { Id } = await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: sql }));
  return Id as string;
}

describe('statuses', () => {
  it('shows a slow statement as STARTED and the one queued behind it as SUBMITTED, then both FINISHED', async () => {
    endpoint.setStatementDelayMs(SLOW_MS);
    const slow = await submit('insert into public.events values (1)');
    const queued = await submit('insert into public.events values (2)');
    const started = await waitForStatus(client, slow, 'STARTED');
    expect(started.Duration).toBe(-1);
    expect((await client.send(new DescribeStatementCommand({ Id: queued }))).Status).toBe('SUBMITTED');

    const finished = await waitForStatement(client, slow);
    expect(finished.Status).toBe('FINISHED');
    expect(finished.Duration).toBeGreaterThanOrEqual(SLOW_MS * 1_000_000);
    expect((await waitForStatement(client, queued)).Status).toBe('FINISHED');
    expect(await queryValues(client, 'select n from public.events order by n')).toEqual([[1], [2]]);
  });

  it('fails a statement with the database’s error text and keeps no result', async () => {
    const failed = await runStatement(client, 'select * from public.no_such_table');
    expect(failed).toMatchObject({ Status: 'FAILED', Error: 'ERROR: relation "public.no_such_table" does not exist', HasResultSet: false });
    await expect(client.send(new GetStatementResultCommand({ Id: failed.Id }))).rejects.toThrow(ResourceNotFoundException);
  });

  it('fails a statement the endpoint cannot translate, naming the unsupported feature or the lexical error', async () => {
    expect(await runStatement(client, `unload ('select 1') to 's3://b/p' iam_role default`)).toMatchObject({
      Status: 'FAILED',
      Error: 'ERROR: UNLOAD is not emulated by the local Data API endpoint',
    });
    expect(await runStatement(client, `select :a, 'open`, [{ name: 'a', value: '1' }])).toMatchObject({
      Status: 'FAILED',
      Error: 'ERROR: unterminated quoted string',
    });
  });
});

describe('batches', () => {
  it('rolls the whole batch back when a statement fails: earlier FINISHED, failing FAILED, later ABORTED', async () => {
    const { Id } = await client.send(
      new BatchExecuteStatementCommand({
        ...TARGET,
        Sqls: ['insert into public.events values (1)', 'insert into public.events values (null)', 'insert into public.events values (3)'],
      }),
    );
    const description = await waitForStatement(client, Id as string);
    const failure = 'ERROR: null value in column "n" of relation "events" violates not-null constraint';
    expect(description).toMatchObject({ Status: 'FAILED', Error: failure });
    expect(description.SubStatements?.map(({ Status, Error }) => ({ Status, Error }))).toEqual([
      { Status: 'FINISHED', Error: undefined },
      { Status: 'FAILED', Error: failure },
      { Status: 'ABORTED', Error: undefined },
    ]);
    expect(await queryValues(client, 'select count(*) from public.events')).toEqual([[0]]);
  });

  it('runs a multi-statement ExecuteStatement in one transaction too', async () => {
    const failed = await runStatement(client, 'insert into public.events values (1); select 1 / 0');
    expect(failed).toMatchObject({ Status: 'FAILED', Error: 'ERROR: division by zero' });
    expect(await queryValues(client, 'select count(*) from public.events')).toEqual([[0]]);
  });
});

describe('CancelStatement', () => {
  it('aborts a running statement and rolls back its work', async () => {
    endpoint.setStatementDelayMs(10_000);
    const running = await submit('insert into public.events values (1)');
    await waitForStatus(client, running, 'STARTED');
    expect(await client.send(new CancelStatementCommand({ Id: running }))).toMatchObject({ Status: true });
    const description = await client.send(new DescribeStatementCommand({ Id: running }));
    expect(description.Status).toBe('ABORTED');
    endpoint.setStatementDelayMs(0);
    expect(await queryValues(client, 'select count(*) from public.events')).toEqual([[0]]);
  });

  it('aborts a submitted statement before it runs and leaves the running one alone', async () => {
    endpoint.setStatementDelayMs(SLOW_MS);
    const running = await submit('insert into public.events values (1)');
    const queued = await submit('insert into public.events values (2)');
    await client.send(new CancelStatementCommand({ Id: queued }));
    expect((await client.send(new DescribeStatementCommand({ Id: queued }))).Status).toBe('ABORTED');
    expect((await waitForStatement(client, running)).Status).toBe('FINISHED');
    expect(await queryValues(client, 'select n from public.events')).toEqual([[1]]);
  });

  it('aborts every sub-statement of a cancelled batch', async () => {
    endpoint.setStatementDelayMs(10_000);
    const { Id } = await client.send(
      new BatchExecuteStatementCommand({ ...TARGET, Sqls: ['insert into public.events values (1)', 'select 1'] }),
    );
    await waitForStatus(client, Id as string, 'STARTED');
    await client.send(new CancelStatementCommand({ Id }));
    const description = await client.send(new DescribeStatementCommand({ Id }));
    expect(description.Status).toBe('ABORTED');
    expect(description.SubStatements?.map((sub) => sub.Status)).toEqual(['ABORTED', 'ABORTED']);
  });

  it('refuses to cancel a statement that already ended', async () => {
    const finished = await execute(client, 'select 1');
    const failure = await client.send(new CancelStatementCommand({ Id: finished.Id })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationException);
    expect((failure as Error).message).toBe('Could not cancel a query that is already in FINISHED state.');
  });
});

describe('limits', () => {
  it('answers ActiveStatementsExceededException beyond the configured number of active statements', async () => {
    endpoint.setStatementDelayMs(SLOW_MS);
    const active = [await submit('select 1'), await submit('select 2'), await submit('select 3')];
    const failure = await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 4' })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ActiveStatementsExceededException);
    expect((failure as Error).message).toBe(`Active statements exceeded the allowed quota (${MAX_ACTIVE}).`);
    for (const id of active) await waitForStatement(client, id);
    expect((await runStatement(client, 'select 5')).Status).toBe('FINISHED');
  });
});

describe('throttling injection', () => {
  it('answers ThrottlingException to the next calls only', async () => {
    endpoint.throttleNextCalls(2);
    const request = new ListStatementsCommand({ MaxResults: 1 });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const failure = await client.send(request).catch((error: unknown) => error);
      expect(failure).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    }
    await expect(client.send(request)).resolves.toBeDefined();
  });

  it('is retried by the SDK’s standard retry strategy', async () => {
    const retrying = dataApiClient(endpoint, 2);
    endpoint.throttleNextCalls(1);
    const response = await retrying.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 1' }));
    expect(response.$metadata.attempts).toBe(2);
    retrying.destroy();
  });
});

describe('endpoint handle', () => {
  it('refuses a negative statement delay', () => {
    expect(() => endpoint.setStatementDelayMs(-5)).toThrow('statement delay must be 0 or more, got -5');
  });

  it('fails to start on a port that is in use and leaves a database it was given open', async () => {
    await expect(startDataApiEndpoint({ database, port: endpoint.port })).rejects.toThrow(/EADDRINUSE/);
    expect(database.closed).toBe(false);
  });
});

describe('closed database', () => {
  it('answers ExecuteStatementException and BatchExecuteStatementException with the statement id', async () => {
    await database.close();
    const single = await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 1' })).catch((error: unknown) => error);
    expect(single).toBeInstanceOf(ExecuteStatementException);
    expect((single as ExecuteStatementException).StatementId).toMatch(/^[a-z0-9-]{36}$/);
    const batch = await client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: ['select 1'] })).catch((error: unknown) => error);
    expect(batch).toBeInstanceOf(BatchExecuteStatementException);
    expect((batch as BatchExecuteStatementException).$metadata.httpStatusCode).toBe(500);
  });
});
