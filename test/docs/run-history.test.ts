import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTableStatements } from '../../lib/audit/audit-tables.ts';
import { readRunHistory } from '../../lib/docs/run-history.ts';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { checkResultInsert, modelRunInsert, type CheckResultRecord } from '../../lib/publish/audit-records.ts';

let engine: DuckDbEngine;

beforeEach(async () => {
  engine = await DuckDbEngine.open({ path: ':memory:' });
});

afterEach(async () => {
  await engine.close();
});

function check(fields: Partial<CheckResultRecord>): CheckResultRecord {
  return {
    runId: 'run-1',
    testId: 'test.crm.unique_fact_deals_deal_id',
    testName: 'unique_fact_deals_deal_id',
    modelId: 'model.crm.fact_deals',
    columnName: 'deal_id',
    severity: 'error',
    status: 'pass',
    failures: 0,
    sample: [],
    phase: 'audit',
    checkedAt: new Date('2026-11-24T10:00:00Z'),
    ...fields,
  };
}

describe('readRunHistory', () => {
  it('reads no history from a warehouse without audit tables', async () => {
    const history = await readRunHistory(engine, ['analytics']);
    expect(history.checks.size).toBe(0);
    expect(history.modelRuns.size).toBe(0);
    expect(history.columnTypes.size).toBe(0);
  });

  it('keeps the latest result of each test, with its sample rows', async () => {
    await engine.transaction([
      ...auditTableStatements(),
      checkResultInsert(check({ status: 'pass' })),
      checkResultInsert(check({ runId: 'run-2', status: 'fail', failures: 2, sample: [{ deal_id: 'd-1' }, { deal_id: '<d-2>' }], checkedAt: new Date('2026-11-25T10:00:00Z') })),
      checkResultInsert(check({ runId: 'run-0', status: 'warn', checkedAt: new Date('2026-11-23T10:00:00Z') })),
      checkResultInsert(check({ testId: 'test.crm.not_empty_mart_x', testName: 'not_empty_mart_x', columnName: undefined, status: 'warn', failures: 1 })),
    ]);
    const history = await readRunHistory(engine, []);
    expect(history.checks.get('test.crm.unique_fact_deals_deal_id')).toEqual({
      testId: 'test.crm.unique_fact_deals_deal_id',
      status: 'fail',
      severity: 'error',
      failures: 2,
      sample: [{ deal_id: 'd-1' }, { deal_id: '<d-2>' }],
      phase: 'audit',
      checkedAt: expect.stringMatching(/^2026-11-25[T ]10:00:00/),
      runId: 'run-2',
    });
    expect(history.checks.get('test.crm.not_empty_mart_x')?.status).toBe('warn');
  });

  it('keeps a sample that is not JSON as text', async () => {
    await engine.transaction([
      ...auditTableStatements(),
      `insert into audit.check_results values ('r', 'test.crm.t', 't', null, null, 'warn', 'warn', 1, 'not json', 'published', timestamp '2026-11-24 10:00:00')`,
    ]);
    const history = await readRunHistory(engine, []);
    expect(history.checks.get('test.crm.t')?.sample).toEqual([{ sample: 'not json' }]);
  });

  it('keeps the latest run of each model, tests left out', async () => {
    const run = (runId: string, status: 'success' | 'error', completedAt: string, resourceType: 'model' | 'test' = 'model') =>
      modelRunInsert({
        runId,
        nodeId: 'model.crm.fact_deals',
        nodeName: 'fact_deals',
        resourceType,
        status,
        rows: status === 'success' ? 120 : null,
        seconds: 0.5,
        message: status === 'error' ? 'Binder Error: <no column>' : undefined,
        startedAt: new Date(completedAt),
        completedAt: new Date(completedAt),
      });
    await engine.transaction([
      ...auditTableStatements(),
      run('run-1', 'success', '2026-11-24T10:00:00Z'),
      run('run-2', 'error', '2026-11-25T10:00:00Z'),
      run('run-3', 'success', '2026-11-26T10:00:00Z', 'test'),
    ]);
    const latest = (await readRunHistory(engine, [])).modelRuns.get('model.crm.fact_deals');
    expect(latest).toMatchObject({ status: 'error', rows: null, seconds: 0.5, message: 'Binder Error: <no column>', runId: 'run-2' });
  });

  it('reads the column types of the relations in the given schemas', async () => {
    await engine.transaction(['create schema analytics', 'create table analytics.fact_deals (deal_id varchar, amount decimal(18,2))', 'create schema other', 'create table other.t (x integer)']);
    const types = (await readRunHistory(engine, ['analytics'])).columnTypes;
    expect([...types.keys()]).toEqual(['analytics.fact_deals']);
    expect(Object.fromEntries(types.get('analytics.fact_deals') ?? [])).toEqual({ deal_id: 'varchar', amount: 'decimal(18,2)' });
  });
});
