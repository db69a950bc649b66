/**
 * Statements belong to the identity that submitted them (the access key id of the request's SigV4
 * credential): two SDK clients with different credentials never see each other's statements.
 */
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  ListStatementsCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../../lib/data-api-endpoint/data-api-endpoint.ts';
import { TARGET, waitForStatement } from './data-api-harness.ts';

let endpoint: DataApiEndpoint;
let alice: RedshiftDataClient;
let bob: RedshiftDataClient;

function clientFor(accessKeyId: string): RedshiftDataClient {
  return new RedshiftDataClient({
    endpoint: endpoint.url,
    region: 'eu-west-1',
    credentials: { accessKeyId, secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
}

beforeAll(async () => {
  endpoint = await startDataApiEndpoint();
  alice = clientFor('AKIAALICE');
  bob = clientFor('AKIABOB');
});

afterAll(async () => {
  alice?.destroy();
  bob?.destroy();
  await endpoint?.close();
});

async function notFound(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const error = (await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  )) as (Error & { $metadata?: { httpStatusCode?: number } }) | undefined;
  if (error === undefined) throw new Error('the call succeeded');
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}

const QUERY_DOES_NOT_EXIST = { name: 'ResourceNotFoundException', message: 'Query does not exist.', status: 404 };

describe('statement visibility by identity', () => {
  it('answers another identity’s Describe, GetStatementResult and Cancel as for an unknown statement', async () => {
    const { Id } = await alice.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 1 as n', StatementName: 'alice-query' }));
    const id = Id as string;
    expect((await waitForStatement(alice, id)).Status).toBe('FINISHED');
    expect((await alice.send(new GetStatementResultCommand({ Id: id }))).TotalNumRows).toBe(1);

    expect(await notFound(bob.send(new DescribeStatementCommand({ Id: id })))).toEqual(QUERY_DOES_NOT_EXIST);
    expect(await notFound(bob.send(new GetStatementResultCommand({ Id: id })))).toEqual(QUERY_DOES_NOT_EXIST);
    expect(await notFound(bob.send(new CancelStatementCommand({ Id: id })))).toEqual(QUERY_DOES_NOT_EXIST);
  });

  it('hides another identity’s batch sub-statements too', async () => {
    const { Id } = await alice.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: ['select 2', 'select 3'] }));
    await waitForStatement(alice, Id as string);
    expect((await alice.send(new GetStatementResultCommand({ Id: `${Id}:2` }))).TotalNumRows).toBe(1);
    expect(await notFound(bob.send(new DescribeStatementCommand({ Id: `${Id}:1` })))).toEqual(QUERY_DOES_NOT_EXIST);
    expect(await notFound(bob.send(new GetStatementResultCommand({ Id: `${Id}:2` })))).toEqual(QUERY_DOES_NOT_EXIST);
  });

  it('lists only the caller’s statements', async () => {
    const { Id: bobId } = await bob.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 3', StatementName: 'bob-query' }));
    await waitForStatement(bob, bobId as string);
    const names = async (client: RedshiftDataClient): Promise<string[]> =>
      ((await client.send(new ListStatementsCommand({ Status: 'ALL' }))).Statements ?? []).map((statement) => statement.StatementName ?? '');
    expect(await names(bob)).toEqual(['bob-query']);
    expect(await names(alice)).toContain('alice-query');
    expect(await names(alice)).not.toContain('bob-query');
  });

  it('keeps ClientTokens per identity: the same token from another identity is a new statement', async () => {
    const token = 'shared-token-1';
    const first = await alice.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 4', ClientToken: token }));
    const again = await alice.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 4', ClientToken: token }));
    const other = await bob.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 4', ClientToken: token }));
    expect(again.Id).toBe(first.Id);
    expect(other.Id).not.toBe(first.Id);
    await waitForStatement(bob, other.Id as string);
  });

  it('does not let another identity use a session', async () => {
    const opened = await alice.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 5', SessionKeepAliveSeconds: 60 }));
    await waitForStatement(alice, opened.Id as string);
    await expect(bob.send(new ExecuteStatementCommand({ Sql: 'select 6', SessionId: opened.SessionId }))).rejects.toThrow(
      `Session ${opened.SessionId} is not available. It may have expired or been closed.`,
    );
    const reused = await alice.send(new ExecuteStatementCommand({ Sql: 'select 6', SessionId: opened.SessionId }));
    expect((await waitForStatement(alice, reused.Id as string)).Status).toBe('FINISHED');
  });
});
