import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
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
import { dataApiClient, TARGET } from './data-api-harness.ts';

let endpoint: DataApiEndpoint;
let client: RedshiftDataClient;

beforeAll(async () => {
  endpoint = await startDataApiEndpoint();
  client = dataApiClient(endpoint);
});

afterAll(async () => {
  client?.destroy();
  await endpoint?.close();
});

async function failureOf(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  if (outcome === undefined) throw new Error('expected the call to fail');
  return outcome;
}

async function expectValidation(promise: Promise<unknown>, message: string | RegExp): Promise<void> {
  const failure = await failureOf(promise);
  expect(failure).toBeInstanceOf(ValidationException);
  expect(failure.$metadata?.httpStatusCode).toBe(400);
  expect(failure.message).toMatch(message);
}

const UNKNOWN_ID = '00000000-0000-0000-0000-000000000000';

describe('ExecuteStatement validation', () => {
  it('requires a workgroup or a cluster, but not both', async () => {
    await expectValidation(client.send(new ExecuteStatementCommand({ Database: 'dev', Sql: 'select 1' })), /Either WorkgroupName/);
    await expectValidation(
      client.send(new ExecuteStatementCommand({ ...TARGET, ClusterIdentifier: 'c', Sql: 'select 1' })),
      'WorkgroupName and ClusterIdentifier cannot both be specified.',
    );
  });

  it('requires a database', async () => {
    await expectValidation(
      client.send(new ExecuteStatementCommand({ WorkgroupName: 'local-wg', Sql: 'select 1' })),
      'Database must be specified with WorkgroupName or ClusterIdentifier.',
    );
  });

  it('checks the workgroup name against the model’s pattern', async () => {
    await expectValidation(
      client.send(new ExecuteStatementCommand({ WorkgroupName: 'Bad_Name', Database: 'dev', Sql: 'select 1' })),
      /Value 'Bad_Name' at 'workgroupName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });

  it('requires a non-empty Sql', async () => {
    await expectValidation(
      client.send(new ExecuteStatementCommand({ ...TARGET, Sql: undefined })),
      "1 validation error detected: Value null at 'sql' failed to satisfy constraint: Member must not be null",
    );
    await expectValidation(
      client.send(new ExecuteStatementCommand({ ...TARGET, Sql: '' })),
      "1 validation error detected: Value '' at 'sql' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('refuses a statement over 100 KB and accepts one of exactly 100 KB', async () => {
    const quoted = (bytes: number) => `select '${'x'.repeat(bytes - "select ''".length)}'`;
    await expectValidation(
      client.send(new ExecuteStatementCommand({ ...TARGET, Sql: quoted(102_401) })),
      "The SQL statement at 'sql' is 102401 bytes; the Data API accepts at most 102400 bytes (100 KB) per statement.",
    );
    await expect(client.send(new ExecuteStatementCommand({ ...TARGET, Sql: quoted(102_400) }))).resolves.toHaveProperty('Id');
  });

  it('requires a value for every :parameter and valid parameter names', async () => {
    await expectValidation(
      client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select :a, :b', Parameters: [{ name: 'a', value: '1' }] })),
      'No value was specified in Parameters for :b.',
    );
    await expectValidation(
      client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 1', Parameters: [{ name: 'a-b', value: '1' }] })),
      /at 'parameters.1.member.name' failed to satisfy constraint/,
    );
  });

  it('refuses an out-of-range SessionKeepAliveSeconds and an unknown SessionId', async () => {
    await expectValidation(
      client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 1', SessionKeepAliveSeconds: 86_401 })),
      /Member must have value less than or equal to 86400/,
    );
    await expectValidation(client.send(new ExecuteStatementCommand({ Sql: 'select 1', SessionId: UNKNOWN_ID })), /is not available/);
  });

  it('refuses the CSV result format, which it does not emulate', async () => {
    await expectValidation(
      client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 1', ResultFormat: 'CSV' })),
      /ResultFormat CSV is not emulated/,
    );
  });
});

describe('BatchExecuteStatement validation', () => {
  it('requires 1 to 40 statements', async () => {
    await expectValidation(
      client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: [] })),
      /at 'sqls' failed to satisfy constraint: Member must have length greater than or equal to 1/,
    );
    await expectValidation(
      client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: Array.from({ length: 41 }, () => 'select 1') })),
      /at 'sqls' failed to satisfy constraint: Member must have length less than or equal to 40/,
    );
  });

  it('refuses an empty statement and one over 100 KB, naming its position', async () => {
    await expectValidation(
      client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: ['select 1', ''] })),
      /at 'sqls.2.member' failed to satisfy constraint/,
    );
    await expectValidation(
      client.send(new BatchExecuteStatementCommand({ ...TARGET, Sqls: [`select '${'x'.repeat(102_400)}'`] })),
      /'sqls.1.member' is 102409 bytes/,
    );
  });
});

describe('statement ids and tokens', () => {
  it('answers ResourceNotFoundException (404) with the id for an unknown statement', async () => {
    for (const command of [
      new DescribeStatementCommand({ Id: UNKNOWN_ID }),
      new GetStatementResultCommand({ Id: UNKNOWN_ID }),
      new CancelStatementCommand({ Id: UNKNOWN_ID }),
    ]) {
      const failure = await failureOf(client.send(command as DescribeStatementCommand));
      expect(failure).toBeInstanceOf(ResourceNotFoundException);
      expect(failure.$metadata?.httpStatusCode).toBe(404);
      expect((failure as ResourceNotFoundException).ResourceId).toBe(UNKNOWN_ID);
      expect(failure.message).toBe('Query does not exist.');
    }
  });

  it('knows no sub-statement of a single statement', async () => {
    const { Id } = await client.send(new ExecuteStatementCommand({ ...TARGET, Sql: 'select 1' }));
    await expect(client.send(new DescribeStatementCommand({ Id: `${Id}:1` }))).rejects.toThrow(ResourceNotFoundException);
  });

  it('refuses an id that is not a statement id', async () => {
    await expectValidation(client.send(new DescribeStatementCommand({ Id: 'not-an-id' })), /at 'id' failed to satisfy constraint/);
  });

  it('refuses a NextToken it did not issue and an oversized MaxResults', async () => {
    await expectValidation(client.send(new ListStatementsCommand({ NextToken: 'bogus' })), 'The NextToken is not valid.');
    await expectValidation(client.send(new ListStatementsCommand({ MaxResults: 101 })), /less than or equal to 100/);
    await expectValidation(client.send(new ListStatementsCommand({ Status: 'DONE' as 'ALL' })), /enum value set/);
  });
});

describe('wire protocol', () => {
  async function post(target: string | undefined, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${endpoint.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/us-east-1/redshift-data/aws4_request, SignedHeaders=host, Signature=00',
        ...(target === undefined ? {} : { 'x-amz-target': target }),
      },
      body,
    });
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it('answers UnknownOperationException for operations it does not emulate', async () => {
    expect(await post('RedshiftData.ListDatabases', '{}')).toEqual({
      status: 400,
      json: expect.objectContaining({ __type: 'UnknownOperationException' }),
    });
    expect((await post(undefined, '{}')).json.__type).toBe('UnknownOperationException');
  });

  it('answers SerializationException for a body that is not a JSON object, or a member of the wrong type', async () => {
    expect(await post('RedshiftData.ListStatements', '{oops')).toEqual({
      status: 400,
      json: expect.objectContaining({ __type: 'SerializationException', message: 'Request body is not valid JSON' }),
    });
    expect((await post('RedshiftData.ListStatements', '[]')).json.__type).toBe('SerializationException');
    expect((await post('RedshiftData.ExecuteStatement', '{"Sql": 1}')).json).toMatchObject({
      __type: 'SerializationException',
      message: 'Sql must be a string',
    });
  });
});
