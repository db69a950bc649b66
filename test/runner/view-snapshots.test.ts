import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { ViewSnapshots } from '../../lib/runner/view-snapshots.ts';
import { makePlan, modelId, openTestEngine, planModel, planTest, rawSource, rowTest, selectAll } from './plan-builder.ts';

// A staging view over raw rows, a table and a view downstream of it, and a test reading the view after the table.
const stagingSql = `select distinct account_id, account_name from raw.accounts`;
const tableSql = `select account_id, upper(account_name) as account_name from staging.stg_accounts`;
const downstreamViewSql = `select account_id from staging.stg_accounts where account_id > 1`;

function snapshotPlan(options: { stagingFailsWhere?: string; tableSql?: string } = {}) {
  return makePlan(
    [
      planModel('stg_accounts', { sql: stagingSql, schema: 'staging', materialized: 'view', sources: ['accounts'] }),
      planModel('dim_accounts', { sql: options.tableSql ?? tableSql, upstream: ['stg_accounts'] }),
      planModel('stg_accounts_later', { sql: downstreamViewSql, schema: 'staging', materialized: 'view', upstream: ['stg_accounts'] }),
    ],
    [
      rowTest('not_null_stg_accounts_account_name', { on: 'stg_accounts', schema: 'staging', failingWhere: options.stagingFailsWhere ?? 'account_name is null' }),
      planTest('assert_dim_accounts_covers_staging', {
        attachedTo: modelId('dim_accounts'),
        dependsOnModels: [modelId('dim_accounts'), modelId('stg_accounts')],
        sql: `select account_id from staging.stg_accounts except select account_id from analytics.dim_accounts`,
        auditSql: `select account_id from staging.stg_accounts except select account_id from analytics.dim_accounts__wap`,
      }),
      planTest('assert_dim_accounts_within_staging', {
        attachedTo: modelId('dim_accounts'),
        severity: 'warn',
        dependsOnModels: [modelId('dim_accounts'), modelId('stg_accounts')],
        sql: `select account_id from analytics.dim_accounts except select account_id from staging.stg_accounts`,
      }),
    ],
    [rawSource('accounts')],
  );
}

async function landRaw(engine: Engine): Promise<void> {
  await engine.execute('create schema if not exists raw');
  await engine.execute(`create table raw.accounts as select * from (values (1, 'acme'), (2, 'globex'), (2, 'globex')) as t(account_id, account_name)`);
}

async function leftovers(engine: Engine): Promise<string[]> {
  const names = ['stg_accounts__snap', 'stg_accounts__wap', 'dim_accounts__wap'];
  const kinds = await Promise.all(names.map((name) => engine.relationKind({ schema: name.startsWith('stg') ? 'staging' : 'analytics', name })));
  return names.filter((_, index) => kinds[index] !== undefined);
}

describe('a view with tests is evaluated once per run (DuckDB)', () => {
  let engine: DuckDbEngine;
  let statements: string[];
  beforeEach(async () => {
    engine = await openTestEngine();
    await landRaw(engine);
    statements = [];
    engine.onStatement = (sql) => statements.push(sql);
  });
  afterEach(async () => {
    await engine.close();
  });

  it('builds the tables and tests downstream from the snapshot, publishes the views, and leaves no snapshot behind', async () => {
    const plan = snapshotPlan();
    const result = await executePlan(engine, plan, { mode: 'build', runId: 'run', ...selectAll(plan) });

    expect(result.success).toBe(true);
    expect(statements.some((sql) => /create or replace table analytics\.dim_accounts__wap as\n.*from staging\.stg_accounts__snap$/s.test(sql))).toBe(true);
    expect(statements.some((sql) => sql.includes('from staging.stg_accounts__snap except select account_id from analytics.dim_accounts__wap'))).toBe(true);
    expect(statements.some((sql) => sql.includes('from analytics.dim_accounts except select account_id from staging.stg_accounts__snap'))).toBe(true);
    expect(result.results.filter((node) => node.name.startsWith('assert')).map((node) => node.status)).toEqual(['pass', 'pass']);
    // Outside a view's own audit, only the views built downstream of it read the view itself.
    const readingTheView = statements.filter((sql) => /staging\.stg_accounts(?![\w])/.test(sql));
    expect(readingTheView.every((sql) => sql.includes('create or replace view'))).toBe(true);
    expect(await engine.query('select account_id, account_name from analytics.dim_accounts order by account_id')).toEqual([
      { account_id: 1, account_name: 'ACME' },
      { account_id: 2, account_name: 'GLOBEX' },
    ]);
    expect(await engine.relationKind({ schema: 'staging', name: 'stg_accounts' })).toBe('view');
    // The downstream view's published definition reads the view, so it still answers after the run.
    expect(await engine.query('select account_id from staging.stg_accounts_later')).toEqual([{ account_id: 2 }]);
    expect(await leftovers(engine)).toEqual([]);
  });

  it('keeps no snapshot of a view whose audit refused it, and skips what reads it', async () => {
    const plan = snapshotPlan({ stagingFailsWhere: 'account_id = 2' });
    const result = await executePlan(engine, plan, { mode: 'build', runId: 'run', ...selectAll(plan) });

    expect(result.success).toBe(false);
    expect(result.results.find((node) => node.name === 'dim_accounts')?.status).toBe('skipped');
    expect(statements.some((sql) => sql.includes('__snap') && !sql.startsWith('drop'))).toBe(false);
    expect(await leftovers(engine)).toEqual([]);
  });

  it('drops the snapshots when a model downstream fails', async () => {
    const plan = snapshotPlan({ tableSql: 'select no_such_column from staging.stg_accounts' });
    const result = await executePlan(engine, plan, { mode: 'build', runId: 'run', ...selectAll(plan) });

    expect(result.results.find((node) => node.name === 'dim_accounts')?.status).toBe('error');
    expect(result.results.find((node) => node.name === 'dim_accounts')?.message).toContain('no_such_column');
    expect(await leftovers(engine)).toEqual([]);
  });

  it('replaces a snapshot a crashed run left behind', async () => {
    await engine.execute('create schema if not exists staging');
    await engine.execute('create table staging.stg_accounts__snap as select 99 as account_id');
    const plan = snapshotPlan();
    const result = await executePlan(engine, plan, { mode: 'build', runId: 'run', ...selectAll(plan) });

    expect(result.success).toBe(true);
    expect(await engine.query('select count(*) as accounts from analytics.dim_accounts')).toEqual([{ accounts: 2 }]);
    expect(await leftovers(engine)).toEqual([]);
  });
});

describe('view snapshots on the other engines', () => {
  it('does the same on Postgres', async () => {
    const engine = await PgliteEngine.open();
    try {
      await landRaw(engine);
      const plan = { ...snapshotPlan(), target: 'postgres' as const };
      const result = await executePlan(engine, plan, { mode: 'build', runId: 'run', ...selectAll(plan) });

      expect(result.success).toBe(true);
      expect(await engine.query('select account_name from analytics.dim_accounts order by account_id')).toEqual([{ account_name: 'ACME' }, { account_name: 'GLOBEX' }]);
      expect(await leftovers(engine)).toEqual([]);
    } finally {
      await engine.close();
    }
  });

  it('keeps nothing on Redshift, where models read the views', async () => {
    const engine = await openTestEngine();
    try {
      const redshift = Object.create(engine, { target: { value: 'redshift' } }) as Engine;
      const snapshots = new ViewSnapshots(redshift);
      const view = planModel('stg_accounts', { sql: stagingSql, schema: 'staging', materialized: 'view' });
      await snapshots.keep(view);
      await snapshots.settle(view, true);

      expect(snapshots.reading(planModel('dim_accounts', { sql: tableSql })).sql).toBe(tableSql);
      expect(snapshots.readingSql(tableSql)).toBe(tableSql);
    } finally {
      await engine.close();
    }
  });
});
