/**
 * The statement poll: the handler against a mocked Data API client (status, error translation,
 * bad input), and the library with the real SDK client against the local Data API endpoint
 * (a running statement, then a finished and a failed one).
 */
import { BatchExecuteStatementCommand, DescribeStatementCommand, InternalServerException, RedshiftDataClient, ValidationException } from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PIPELINE_ERRORS } from '../../lib/pipeline/pipeline-contract.ts';
import { statementStatus } from '../../lib/pipeline/statement-status.ts';
import { startDataApiEndpoint, type DataApiEndpoint } from '../../lib/data-api-endpoint/data-api-endpoint.ts';

describe('the poll-statement handler', () => {
  const data = mockClient(RedshiftDataClient);
  afterEach(() => data.reset());
  afterAll(() => data.restore());

  it('returns only the status of the statement it is asked about', async () => {
    data.on(DescribeStatementCommand, { Id: 'stmt-1' }).resolves({ Id: 'stmt-1', Status: 'STARTED', QueryString: 'select 1', SubStatements: [] });
    const { handler } = await import('../../lambdas/poll-statement.ts');
    expect(await handler({ statementId: 'stmt-1' })).toEqual({ status: 'STARTED' });
    expect(data.commandCalls(DescribeStatementCommand).map((call) => call.args[0].input)).toEqual([{ Id: 'stmt-1' }]);
  });

  it('turns throttling and server errors into the errors the state machine retries', async () => {
    const { handler } = await import('../../lambdas/poll-statement.ts');
    data.on(DescribeStatementCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }));
    await expect(handler({ statementId: 'stmt-1' })).rejects.toMatchObject({ name: PIPELINE_ERRORS.throttled, message: expect.stringMatching(/DescribeStatement was refused \(ThrottlingException/) });
    data.on(DescribeStatementCommand).rejects(new InternalServerException({ message: 'boom', $metadata: { httpStatusCode: 500 }, Message: 'boom' }));
    await expect(handler({ statementId: 'stmt-1' })).rejects.toMatchObject({ name: PIPELINE_ERRORS.transient });
  });

  it('passes a refusal through unchanged, so the step fails with it', async () => {
    const { handler } = await import('../../lambdas/poll-statement.ts');
    data.on(DescribeStatementCommand).rejects(new ValidationException({ message: 'Query does not exist.', $metadata: { httpStatusCode: 400 }, Message: 'Query does not exist.' }));
    await expect(handler({ statementId: 'stmt-9' })).rejects.toMatchObject({ name: 'ValidationException', message: 'Query does not exist.' });
  });

  it.each([[undefined], [{}], [{ statementId: '' }], [{ statementId: 42 }]])('refuses the request %j, naming what it needs', async (request) => {
    const { handler } = await import('../../lambdas/poll-statement.ts');
    await expect(handler(request as never)).rejects.toMatchObject({ name: 'InvalidPollRequest', message: expect.stringMatching(/needs \{ "statementId"/) });
    expect(data.commandCalls(DescribeStatementCommand)).toHaveLength(0);
  });

  it('says so when the service answers without a status', async () => {
    data.on(DescribeStatementCommand).resolves({ Id: 'stmt-1' });
    const { handler } = await import('../../lambdas/poll-statement.ts');
    await expect(handler({ statementId: 'stmt-1' })).rejects.toThrow('DescribeStatement returned no status for statement stmt-1');
  });
});

describe('the statement status against the local Data API endpoint', () => {
  let endpoint: DataApiEndpoint;
  let client: RedshiftDataClient;

  beforeAll(async () => {
    endpoint = await startDataApiEndpoint({ statementDelayMs: 300 });
    client = new RedshiftDataClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'pipeline', secretAccessKey: 'secret' }, maxAttempts: 1 });
  });

  afterAll(async () => {
    client.destroy();
    await endpoint.close();
  });

  const submit = async (sqls: string[]): Promise<string> =>
    (await client.send(new BatchExecuteStatementCommand({ WorkgroupName: 'local', Database: 'dev', Sqls: sqls }))).Id as string;

  const untilEnded = async (id: string): Promise<string> => {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const { status } = await statementStatus(client, { statementId: id });
      if (!['SUBMITTED', 'PICKED', 'STARTED'].includes(status)) return status;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`statement ${id} never ended`);
  };

  it('reports a batch as running, then FINISHED', async () => {
    const id = await submit(['create temporary table poll_probe (n int)', 'insert into poll_probe values (1)']);
    expect(['SUBMITTED', 'PICKED', 'STARTED']).toContain((await statementStatus(client, { statementId: id })).status);
    expect(await untilEnded(id)).toBe('FINISHED');
  });

  it('reports a failed batch as FAILED, leaving its error for the step to read', async () => {
    const id = await submit(['select 1', 'select * from no_such_table']);
    expect(await untilEnded(id)).toBe('FAILED');
  });
});
