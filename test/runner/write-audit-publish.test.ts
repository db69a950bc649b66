import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { makePlan, modelId, openTestEngine, planModel, planTest, rowTest, selectAll } from './plan-builder.ts';

const accountsV1 = `select * from (values (1, 'Acme'), (2, 'Globex')) as t(account_id, account_name)`;
const accountsV2 = `select * from (values (1, 'Acme'), (2, 'Globex'), (3, 'Initech')) as t(account_id, account_name)`;
const accountsWithNullName = `select * from (values (1, 'Acme'), (2, null)) as t(account_id, account_name)`;
const brokenSql = `select account_id from no_such_table`;

describe('write-audit-publish', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await openTestEngine();
  });
  afterEach(async () => {
    await engine.close();
  });

  async function build(sql: string, materialized: 'table' | 'view' = 'table', runId = 'run') {
    const plan = makePlan(
      [planModel('dim_accounts', { sql, materialized })],
      [rowTest('not_null_dim_accounts_account_name', { on: 'dim_accounts', failingWhere: 'account_name is null' })],
    );
    return executePlan(engine, plan, { mode: 'build', runId, ...selectAll(plan) });
  }

  async function publishedAccounts() {
    return engine.query('select account_id, account_name from analytics.dim_accounts order by account_id');
  }

  async function stagedRelation() {
    return engine.relationKind({ schema: 'analytics', name: 'dim_accounts__wap' });
  }

  it('publishes a table that passes its audit and counts its rows', async () => {
    const result = await build(accountsV1);

    expect(result.success).toBe(true);
    expect(result.results.map((node) => [node.name, node.status, node.rows])).toEqual([
      ['dim_accounts', 'success', 2],
      ['not_null_dim_accounts_account_name', 'pass', null],
    ]);
    expect(await publishedAccounts()).toEqual([
      { account_id: 1, account_name: 'Acme' },
      { account_id: 2, account_name: 'Globex' },
    ]);
    expect(await stagedRelation()).toBeUndefined();
  });

  it('replaces the published table on a later run', async () => {
    await build(accountsV1);
    await build(accountsV2);

    expect(await publishedAccounts()).toHaveLength(3);
  });

  it('keeps the published table unchanged and readable when an error-severity test fails', async () => {
    await build(accountsV1);

    const result = await build(accountsWithNullName);

    expect(result.success).toBe(false);
    const [model, test] = result.results;
    expect(model).toMatchObject({ status: 'error', rows: null });
    expect(model?.message).toContain('not_null_dim_accounts_account_name (1 failing rows)');
    expect(test).toMatchObject({ status: 'fail', failures: 1, phase: 'audit' });
    expect(await publishedAccounts()).toEqual([
      { account_id: 1, account_name: 'Acme' },
      { account_id: 2, account_name: 'Globex' },
    ]);
    expect(await stagedRelation()).toBeUndefined();
  });

  it('keeps the published table unchanged when the model SQL fails, and skips its audit tests', async () => {
    await build(accountsV1);

    const result = await build(brokenSql);

    expect(result.results.map((node) => [node.name, node.status])).toEqual([
      ['dim_accounts', 'error'],
      ['not_null_dim_accounts_account_name', 'skipped'],
    ]);
    expect(result.results[0]?.message).toContain('no_such_table');
    expect(result.results[1]?.message).toBe('upstream analytics.dim_accounts failed');
    expect(await publishedAccounts()).toHaveLength(2);
    expect(await stagedRelation()).toBeUndefined();
  });

  it('blocks publishing when an audit test query itself fails', async () => {
    await build(accountsV1);
    const plan = makePlan(
      [planModel('dim_accounts', { sql: accountsV2 })],
      [planTest('broken_check', { attachedTo: modelId('dim_accounts'), sql: 'select 1', auditSql: 'select * from nowhere' })],
    );

    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r2', ...selectAll(plan) });

    expect(result.results.map((node) => node.status)).toEqual(['error', 'error']);
    expect(result.results[0]?.message).toContain('broken_check (test query failed)');
    expect(result.results[1]?.message).toContain('nowhere');
    expect(await publishedAccounts()).toHaveLength(2);
  });

  it('blocks publishing when an error-severity test has no auditSql', async () => {
    const plan = makePlan(
      [planModel('dim_accounts', { sql: accountsV1 })],
      [planTest('unauditable', { attachedTo: modelId('dim_accounts'), sql: 'select 1 where false' })],
    );

    const result = await executePlan(engine, plan, { mode: 'run', runId: 'r', ...selectAll(plan) });

    expect(result.results[1]).toMatchObject({ status: 'error', message: expect.stringContaining('no auditSql') });
    expect(await engine.relationKind({ schema: 'analytics', name: 'dim_accounts' })).toBeUndefined();
  });

  it('drops a leftover staging relation before building', async () => {
    await engine.execute('create schema analytics');
    await engine.execute('create table analytics.dim_accounts__wap as select 99 as leftover');

    const result = await build(accountsV1);

    expect(result.success).toBe(true);
    expect(await stagedRelation()).toBeUndefined();
    expect(await publishedAccounts()).toHaveLength(2);
  });

  it('publishes views through the same audit, and a failing audit keeps the old view', async () => {
    const first = await build(accountsV1, 'view');
    expect(first.results[0]).toMatchObject({ status: 'success', rows: null, materialized: 'view' });
    expect(await engine.relationKind({ schema: 'analytics', name: 'dim_accounts' })).toBe('view');

    const second = await build(accountsWithNullName, 'view');

    expect(second.results[0]?.status).toBe('error');
    expect(await publishedAccounts()).toEqual([
      { account_id: 1, account_name: 'Acme' },
      { account_id: 2, account_name: 'Globex' },
    ]);
    expect(await stagedRelation()).toBeUndefined();
  });

  it('audits a view on a snapshot table, runs its warn tests there without blocking, then publishes the view', async () => {
    const plan = makePlan(
      [planModel('dim_accounts', { sql: accountsWithNullName, materialized: 'view' })],
      [
        rowTest('unique_dim_accounts_account_id', { on: 'dim_accounts', failingWhere: 'account_id > 2' }),
        rowTest('not_null_dim_accounts_account_name', { on: 'dim_accounts', failingWhere: 'account_name is null', severity: 'warn' }),
      ],
    );

    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r', ...selectAll(plan) });

    expect(result.results.map((node) => [node.name, node.status, node.phase, node.failures])).toEqual([
      ['dim_accounts', 'success', undefined, undefined],
      ['unique_dim_accounts_account_id', 'pass', 'audit', 0],
      ['not_null_dim_accounts_account_name', 'warn', 'audit', 1],
    ]);
    expect(await engine.relationKind({ schema: 'analytics', name: 'dim_accounts' })).toBe('view');
    expect(await stagedRelation()).toBeUndefined();
    expect(await publishedAccounts()).toEqual([
      { account_id: 1, account_name: 'Acme' },
      { account_id: 2, account_name: null },
    ]);
  });

  it('stages a view with tests as a table, which its audit tests read', async () => {
    const plan = makePlan(
      [planModel('dim_accounts', { sql: accountsV1, materialized: 'view' })],
      [
        planTest('staged_kind', {
          attachedTo: modelId('dim_accounts'),
          sql: 'select 1 where false',
          auditSql: `select table_name from duckdb_tables() where schema_name = 'analytics' and table_name = 'dim_accounts__wap'`,
          severity: 'warn',
        }),
      ],
    );

    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r', ...selectAll(plan) });

    expect(result.results[1]).toMatchObject({ name: 'staged_kind', status: 'warn', failures: 1, phase: 'audit' });
    expect(await engine.relationKind({ schema: 'analytics', name: 'dim_accounts' })).toBe('view');
  });

  it('publishes a view whose warn test query fails, reporting the test as an error', async () => {
    const plan = makePlan(
      [planModel('dim_accounts', { sql: accountsV1, materialized: 'view' })],
      [planTest('broken_warning', { attachedTo: modelId('dim_accounts'), sql: 'select 1', auditSql: 'select * from nowhere', severity: 'warn' })],
    );

    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r', ...selectAll(plan) });

    expect(result.results.map((node) => [node.name, node.status])).toEqual([
      ['dim_accounts', 'success'],
      ['broken_warning', 'error'],
    ]);
    expect(await publishedAccounts()).toHaveLength(2);
  });

  it('replaces a published table by an audited view when the materialization changes', async () => {
    await build(accountsV1, 'table');

    const result = await build(accountsV2, 'view');

    expect(result.success).toBe(true);
    expect(await engine.relationKind({ schema: 'analytics', name: 'dim_accounts' })).toBe('view');
    expect(await publishedAccounts()).toHaveLength(3);
    expect(await stagedRelation()).toBeUndefined();
  });

  it('replaces a published view by a table when the materialization changes', async () => {
    await build(accountsV1, 'view');

    await build(accountsV2, 'table');

    expect(await engine.relationKind({ schema: 'analytics', name: 'dim_accounts' })).toBe('table');
    expect(await publishedAccounts()).toHaveLength(3);
  });

  it('reports a failed swap as a model error, rolls it back and drops the staged table', async () => {
    await engine.execute('create schema analytics');
    await engine.execute('create table analytics.dim_accounts (account_id integer primary key, account_name varchar)');
    await engine.execute(`insert into analytics.dim_accounts values (7, 'Kept')`);
    // DuckDB refuses to drop a table another table's foreign key points at, so the swap's drop fails.
    await engine.execute('create table analytics.refs (account_id integer references analytics.dim_accounts (account_id))');

    const result = await build(accountsV1);

    expect(result.results[0]).toMatchObject({ status: 'error', message: expect.stringContaining('refs') });
    expect(await publishedAccounts()).toEqual([{ account_id: 7, account_name: 'Kept' }]);
    expect(await stagedRelation()).toBeUndefined();
  });

  it('names both failures when a leftover staging table can be neither replaced nor dropped', async () => {
    await engine.execute('create schema analytics');
    await engine.execute('create table analytics.dim_accounts__wap (account_id integer primary key)');
    await engine.execute('create table analytics.refs (account_id integer references analytics.dim_accounts__wap (account_id))');

    const result = await build(accountsV1);

    expect(result.results[0]?.status).toBe('error');
    expect(result.results[0]?.message).toMatch(/main key table[\s\S]*also failed to drop analytics\.dim_accounts__wap/);
    expect(await engine.relationKind({ schema: 'analytics', name: 'dim_accounts' })).toBeUndefined();
  });
});
