import {
  ActiveStatementsExceededException,
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  ValidationException,
} from '@aws-sdk/client-redshift-data';
import type { DescribeStatementResponse } from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RedshiftDataEngine } from '../../../lib/engines/redshift-data/redshift-data-engine.ts';
import type { RedshiftDataEngineOptions } from '../../../lib/engines/redshift-data/redshift-data-engine.ts';
import { RetriesExhaustedError } from '../../../lib/engines/redshift-data/retry-policy.ts';
import {
  RedshiftStatementError,
  StatementAbortedError,
  StatementTimeoutError,
} from '../../../lib/engines/redshift-data/statement-errors.ts';
import { TransactionTooLargeError, StatementTooLargeError } from '../../../lib/engines/redshift-data/batch-limits.ts';
import { FakeClock } from './fake-clock.ts';
import { throttling } from './service-errors.ts';

const dataApi = mockClient(RedshiftDataClient);

function describeAs(status: DescribeStatementResponse['Status'], extra: Partial<DescribeStatementResponse> = {}): DescribeStatementResponse {
  return { Id: 'stmt-1', Status: status, ...extra };
}

describe('RedshiftDataEngine', () => {
  let clock: FakeClock;
  let engine: RedshiftDataEngine;

  function open(overrides: Partial<RedshiftDataEngineOptions> = {}): RedshiftDataEngine {
    return new RedshiftDataEngine({
      client: new RedshiftDataClient({ region: 'eu-west-1' }),
      workgroupName: 'crm',
      database: 'warehouse',
      sleep: clock.sleep,
      now: clock.now,
      random: () => 0.5,
      pollIntervalMs: 100,
      maxPollIntervalMs: 400,
      statementTimeoutMs: 10_000,
      ...overrides,
    });
  }

  beforeEach(() => {
    dataApi.reset();
    clock = new FakeClock();
    engine = open();
    dataApi.on(ExecuteStatementCommand).resolves({ Id: 'stmt-1' });
    dataApi.on(BatchExecuteStatementCommand).resolves({ Id: 'stmt-1' });
  });
  afterEach(() => engine.close());

  describe('execute', () => {
    it('submits to the workgroup and database under one client token, and polls with a doubling, capped interval', async () => {
      dataApi
        .on(DescribeStatementCommand)
        .resolvesOnce(describeAs('SUBMITTED'))
        .resolvesOnce(describeAs('PICKED'))
        .resolvesOnce(describeAs('STARTED'))
        .resolvesOnce(describeAs('STARTED'))
        .resolvesOnce(describeAs('STARTED'))
        .resolves(describeAs('FINISHED'));
      await engine.execute('create schema if not exists "raw"');
      const [submit] = dataApi.commandCalls(ExecuteStatementCommand);
      expect(submit?.args[0].input).toMatchObject({
        WorkgroupName: 'crm',
        Database: 'warehouse',
        Sql: 'create schema if not exists "raw"',
        StatementName: 'crm-warehouse',
        ClientToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(submit?.args[0].input.SecretArn).toBeUndefined();
      expect(clock.slept).toEqual([100, 200, 400, 400, 400]);
    });

    it('passes the secret when one is configured', async () => {
      engine = open({ secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:redshift' });
      dataApi.on(DescribeStatementCommand).resolves(describeAs('FINISHED'));
      await engine.execute('select 1');
      expect(dataApi.commandCalls(ExecuteStatementCommand)[0]?.args[0].input.SecretArn).toBe('arn:aws:secretsmanager:eu-west-1:1:secret:redshift');
    });

    it('surfaces a FAILED statement with its first line and Redshift\'s error text', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('FAILED', { Error: 'ERROR: relation "raw.nothing" does not exist' }));
      const failing = engine.execute('drop table "raw"."nothing"\ncascade');
      await expect(failing).rejects.toThrow(RedshiftStatementError);
      await expect(failing).rejects.toThrow(
        'Redshift statement failed: drop table "raw"."nothing"\nERROR: relation "raw.nothing" does not exist',
      );
    });

    it('refuses a statement over 100 KB without sending it', async () => {
      await expect(engine.execute(`select '${'x'.repeat(102_400)}'`)).rejects.toThrow(StatementTooLargeError);
      expect(dataApi.calls()).toHaveLength(0);
    });
  });

  describe('query', () => {
    it('reads every page of a large result, in order, into rows', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('FINISHED', { HasResultSet: true }));
      const columns = [
        { name: 'id', typeName: 'int4' },
        { name: 'amount', typeName: 'numeric' },
      ];
      const page = (from: number) => Array.from({ length: 3 }, (_, offset) => [{ longValue: from + offset }, { stringValue: `${from + offset}.50` }]);
      dataApi
        .on(GetStatementResultCommand, { Id: 'stmt-1', NextToken: undefined })
        .resolves({ ColumnMetadata: columns, Records: page(0), NextToken: 'page-2', TotalNumRows: 9 })
        .on(GetStatementResultCommand, { Id: 'stmt-1', NextToken: 'page-2' })
        .resolves({ ColumnMetadata: columns, Records: page(3), NextToken: 'page-3', TotalNumRows: 9 })
        .on(GetStatementResultCommand, { Id: 'stmt-1', NextToken: 'page-3' })
        .resolves({ ColumnMetadata: columns, Records: page(6), TotalNumRows: 9 });
      const rows = await engine.query('select id, amount from "analytics"."t" order by id');
      expect(rows).toHaveLength(9);
      expect(rows.map((row) => row.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
      expect(rows[8]).toEqual({ id: 8, amount: 8.5 });
      expect(dataApi.commandCalls(GetStatementResultCommand)).toHaveLength(3);
    });

    it('returns no rows, and reads no result, for a statement without a result set', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('FINISHED', { HasResultSet: false }));
      expect(await engine.query('insert into "analytics"."t" values (1)')).toEqual([]);
      expect(dataApi.commandCalls(GetStatementResultCommand)).toHaveLength(0);
    });

    it('retries a throttled page read', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('FINISHED', { HasResultSet: true }));
      dataApi
        .on(GetStatementResultCommand)
        .rejectsOnce(throttling())
        .resolves({ ColumnMetadata: [{ name: 'one', typeName: 'int4' }], Records: [[{ longValue: 1 }]] });
      expect(await engine.query('select 1 as one')).toEqual([{ one: 1 }]);
    });
  });

  describe('transaction', () => {
    it('sends the statements as one BatchExecuteStatement', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('FINISHED'));
      await engine.transaction(['drop table "analytics"."t"', 'alter table "analytics"."t__wap" rename to "t"']);
      const [batch] = dataApi.commandCalls(BatchExecuteStatementCommand);
      expect(batch?.args[0].input).toMatchObject({
        WorkgroupName: 'crm',
        Database: 'warehouse',
        Sqls: ['drop table "analytics"."t"', 'alter table "analytics"."t__wap" rename to "t"'],
      });
    });

    it('names the sub-statement that failed mid-batch, its first line and Redshift\'s error (nothing committed)', async () => {
      dataApi.on(DescribeStatementCommand).resolves(
        describeAs('FAILED', {
          Error: 'Query #2 failed',
          SubStatements: [
            { Id: 'stmt-1:1', Status: 'FINISHED' },
            { Id: 'stmt-1:2', Status: 'FAILED', Error: 'ERROR: relation "analytics.missing" does not exist' },
            { Id: 'stmt-1:3', Status: 'ABORTED' },
          ],
        }),
      );
      const failing = engine.transaction([
        'create table "analytics"."half" (id int)',
        'insert into "analytics"."missing"\nselect 1',
        'insert into "analytics"."half" values (1)',
      ]);
      await expect(failing).rejects.toThrow(
        'Redshift statement failed (statement 2 of 3 of a transaction, rolled back): insert into "analytics"."missing"\n' +
          'ERROR: relation "analytics.missing" does not exist',
      );
      const error = await failing.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RedshiftStatementError);
      expect((error as RedshiftStatementError).position).toEqual({ index: 1, count: 3 });
    });

    it('says so when a failed batch does not name its failing statement', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('FAILED', { Error: 'connection lost' }));
      await expect(engine.transaction(['select 1', 'select 2'])).rejects.toThrow(
        'Redshift statement failed: select 1\nconnection lost (Redshift did not say which statement failed)',
      );
    });

    it('runs exactly 40 statements as one batch', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('FINISHED'));
      await engine.transaction(Array.from({ length: 40 }, (_, index) => `select ${index}`));
      expect(dataApi.commandCalls(BatchExecuteStatementCommand)[0]?.args[0].input.Sqls).toHaveLength(40);
    });

    it('refuses 41 statements without sending anything', async () => {
      await expect(engine.transaction(Array.from({ length: 41 }, (_, index) => `select ${index}`))).rejects.toThrow(TransactionTooLargeError);
      expect(dataApi.calls()).toHaveLength(0);
    });

    it('does nothing for no statements', async () => {
      await engine.transaction([]);
      expect(dataApi.calls()).toHaveLength(0);
    });
  });

  describe('executeAll', () => {
    it('splits non-transactional bulk work into batches of at most 40', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('FINISHED'));
      await engine.executeAll(Array.from({ length: 81 }, (_, index) => `select ${index}`));
      const batches = dataApi.commandCalls(BatchExecuteStatementCommand).map((call) => call.args[0].input.Sqls?.length);
      expect(batches).toEqual([40, 40, 1]);
    });
  });

  describe('throttling', () => {
    it('retries a throttled submission with the same client token, then succeeds', async () => {
      dataApi.reset();
      dataApi
        .on(ExecuteStatementCommand)
        .rejectsOnce(throttling())
        .rejectsOnce(new ActiveStatementsExceededException({ message: 'Active statements exceeded the allowed quota (500).', $metadata: {} }))
        .resolves({ Id: 'stmt-1' });
      dataApi.on(DescribeStatementCommand).rejectsOnce(throttling()).resolves(describeAs('FINISHED'));
      await engine.execute('select 1');
      const tokens = dataApi.commandCalls(ExecuteStatementCommand).map((call) => call.args[0].input.ClientToken);
      expect(tokens).toHaveLength(3);
      expect(new Set(tokens).size).toBe(1);
      // Full jitter with random() = 0.5: half of 250, 500, then 250 again for DescribeStatement's first retry.
      expect(clock.slept).toEqual([125, 250, 125]);
    });

    it('gives up after the attempt cap and says how often it was refused', async () => {
      engine = open({ maxAttempts: 3 });
      dataApi.reset();
      dataApi.on(ExecuteStatementCommand).rejects(throttling());
      const failing = engine.execute('select 1');
      await expect(failing).rejects.toThrow(RetriesExhaustedError);
      await expect(failing).rejects.toThrow('Redshift Data API ExecuteStatement was refused 3 times in a row (ThrottlingException: Rate exceeded); gave up');
      expect(dataApi.commandCalls(ExecuteStatementCommand)).toHaveLength(3);
    });

    it('does not retry a request refused for its content', async () => {
      dataApi.reset();
      dataApi.on(ExecuteStatementCommand).rejects(new ValidationException({ message: 'Workgroup not found', $metadata: { httpStatusCode: 400 } }));
      await expect(engine.execute('select 1')).rejects.toThrow('Workgroup not found');
      expect(dataApi.commandCalls(ExecuteStatementCommand)).toHaveLength(1);
    });
  });

  describe('cancelled and timed-out statements', () => {
    it('surfaces a cancelled (ABORTED) transaction clearly', async () => {
      dataApi.on(DescribeStatementCommand).resolvesOnce(describeAs('STARTED')).resolves(describeAs('ABORTED'));
      const failing = engine.transaction(['delete from "raw"."accounts"', 'insert into "raw"."accounts" select 1']);
      await expect(failing).rejects.toThrow(StatementAbortedError);
      await expect(failing).rejects.toThrow(
        'Redshift cancelled a transaction of 2 statements (rolled back, nothing committed) beginning delete from "raw"."accounts" (status ABORTED)',
      );
    });

    it('cancels a statement still running at the timeout and reports the timeout', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('STARTED'));
      dataApi.on(CancelStatementCommand).callsFake(() => {
        dataApi.on(DescribeStatementCommand).resolves(describeAs('ABORTED'));
        return { Status: true };
      });
      const failing = engine.execute('select count(*) from "analytics"."huge"');
      await expect(failing).rejects.toThrow(StatementTimeoutError);
      await expect(failing).rejects.toThrow(
        'Redshift did not finish statement select count(*) from "analytics"."huge" within 10 s; it was cancelled (statement id stmt-1)',
      );
      expect(dataApi.commandCalls(CancelStatementCommand)[0]?.args[0].input).toEqual({ Id: 'stmt-1' });
    });

    it('accepts a statement that finished before the cancel reached it', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('STARTED'));
      dataApi.on(CancelStatementCommand).callsFake(() => {
        dataApi.on(DescribeStatementCommand).resolves(describeAs('FINISHED'));
        throw new ValidationException({ message: 'Could not cancel a query that is already in FINISHED state', $metadata: {} });
      });
      await expect(engine.execute('insert into "analytics"."t" values (1)')).resolves.toBeUndefined();
    });

    it('says when the cancel failed too', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('STARTED'));
      dataApi.on(CancelStatementCommand).rejects(new ValidationException({ message: 'Query does not exist', $metadata: {} }));
      await expect(engine.execute('select 1')).rejects.toThrow(/within 10 s; cancelling it failed too: Query does not exist \(statement id stmt-1\)$/);
    });
  });

  describe('relationKind', () => {
    it('reads the kind from the catalog', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('FINISHED', { HasResultSet: true }));
      dataApi.on(GetStatementResultCommand).resolves({
        ColumnMetadata: ['schema_name', 'relation_name', 'kind'].map((name) => ({ name, typeName: 'varchar' })),
        Records: [[{ stringValue: 'raw' }, { stringValue: 'accounts' }, { stringValue: 'view' }]],
      });
      expect(await engine.relationKind({ schema: 'raw', name: 'accounts' })).toBe('view');
      const sql = dataApi.commandCalls(ExecuteStatementCommand)[0]?.args[0].input.Sql ?? '';
      expect(sql).toContain(`(n.nspname = 'raw' and c.relname = 'accounts')`);
    });

    it('is undefined when nothing has that name', async () => {
      dataApi.on(DescribeStatementCommand).resolves(describeAs('FINISHED', { HasResultSet: true }));
      dataApi.on(GetStatementResultCommand).resolves({ ColumnMetadata: ['schema_name', 'relation_name', 'kind'].map((name) => ({ name, typeName: 'varchar' })), Records: [] });
      expect(await engine.relationKind({ schema: 'raw', name: 'nothing' })).toBeUndefined();
    });
  });

  it('reports every statement of a transaction with its own run time', async () => {
    dataApi.on(DescribeStatementCommand).resolves(
      describeAs('FINISHED', { SubStatements: [{ Id: 'stmt-1:1', Duration: 1_500_000_000 }, { Id: 'stmt-1:2', Duration: 250_000_000 }] }),
    );
    const reported: [string, number][] = [];
    engine.onStatement = (sql, seconds) => reported.push([sql, seconds]);
    await engine.transaction(['select 1', 'select 2']);
    expect(reported).toEqual([['select 1', 1.5], ['select 2', 0.25]]);
  });

  it('reports a failed statement too', async () => {
    dataApi.on(DescribeStatementCommand).resolvesOnce(describeAs('STARTED')).resolves(describeAs('FAILED', { Error: 'boom' }));
    const reported: string[] = [];
    engine.onStatement = (sql) => reported.push(sql);
    await expect(engine.execute('select boom')).rejects.toThrow('boom');
    expect(reported).toEqual(['select boom']);
  });

  it('keeps no more than its concurrency in flight, queueing the rest', async () => {
    engine = open({ concurrency: 2 });
    let inFlight = 0;
    let most = 0;
    dataApi.on(ExecuteStatementCommand).callsFake(() => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      return { Id: `stmt-${inFlight}` };
    });
    dataApi.on(DescribeStatementCommand).callsFake(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return describeAs('FINISHED');
    });
    await Promise.all(Array.from({ length: 5 }, (_, index) => engine.execute(`select ${index}`)));
    expect(most).toBe(2);
    expect(dataApi.commandCalls(ExecuteStatementCommand)).toHaveLength(5);
  });

  it('destroys the client it built on close, but not one it was given', async () => {
    const destroy = vi.spyOn(RedshiftDataClient.prototype, 'destroy');
    try {
      await new RedshiftDataEngine({ client: new RedshiftDataClient({ region: 'eu-west-1' }), workgroupName: 'crm', database: 'warehouse' }).close();
      expect(destroy).not.toHaveBeenCalled();
      await new RedshiftDataEngine({ workgroupName: 'crm', database: 'warehouse', region: 'eu-west-1' }).close();
      expect(destroy).toHaveBeenCalledTimes(1);
    } finally {
      destroy.mockRestore();
    }
  });
});
