import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { makePlan, openTestEngine, planModel, rawSource, rowTest, selectAll, sourceId } from './plan-builder.ts';

describe('failures and what depends on them', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await openTestEngine();
  });
  afterEach(async () => {
    await engine.close();
  });

  // broken → child → grandchild (+ a test on grandchild); independent → its_child
  const plan = makePlan(
    [
      planModel('broken', { sql: 'select * from missing_table' }),
      planModel('independent', { sql: 'select 1 as id' }),
      planModel('child', { sql: 'select * from analytics.broken', upstream: ['broken'] }),
      planModel('its_child', { sql: 'select * from analytics.independent', upstream: ['independent'] }),
      planModel('grandchild', { sql: 'select * from analytics.child', upstream: ['child'] }),
    ],
    [rowTest('warn_on_grandchild', { on: 'grandchild', failingWhere: 'false', severity: 'warn' })],
  );

  it('skips everything downstream of a failed model, transitively, naming the failed model', async () => {
    const result = await executePlan(engine, plan, { mode: 'build', runId: 'r', ...selectAll(plan) });

    const byName = new Map(result.results.map((node) => [node.name, node]));
    expect(byName.get('broken')?.status).toBe('error');
    for (const name of ['child', 'grandchild', 'warn_on_grandchild']) {
      expect(byName.get(name)).toMatchObject({ status: 'skipped', message: 'upstream analytics.broken failed' });
    }
    expect(byName.get('independent')?.status).toBe('success');
    expect(byName.get('its_child')).toMatchObject({ status: 'success', rows: 1 });
    expect(result.counts).toEqual({ pass: 2, warn: 0, error: 1, skip: 3, total: 6 });
    expect(result.success).toBe(false);
  });

  it('leaves unselected upstream models alone and reads their published relation', async () => {
    await executePlan(engine, plan, { mode: 'run', runId: 'r1', ...selectAll(plan) });

    const result = await executePlan(engine, plan, {
      mode: 'run',
      runId: 'r2',
      modelIds: [plan.models[3]?.id ?? ''],
      testIds: [],
    });

    expect(result.results.map((node) => [node.name, node.status])).toEqual([['its_child', 'success']]);
  });

  it('runs failing error-severity source tests first in build and skips the models reading that source', async () => {
    await engine.execute('create schema raw');
    await engine.execute('create table raw.accounts as select * from (values (1), (null)) as t(account_id)');
    await engine.execute('create table raw.users as select 1 as user_id');
    const sourced = makePlan(
      [
        planModel('stg_accounts', { sql: 'select * from raw.accounts', sources: ['accounts'] }),
        planModel('stg_users', { sql: 'select * from raw.users', sources: ['users'] }),
      ],
      [
        rowTest('not_null_accounts', { on: sourceId('accounts'), failingWhere: 'account_id is null' }),
        rowTest('not_null_users', { on: sourceId('users'), failingWhere: 'user_id is null' }),
      ],
      [rawSource('accounts'), rawSource('users')],
    );

    const events: string[] = [];
    const result = await executePlan(engine, sourced, {
      mode: 'build',
      runId: 'r',
      ...selectAll(sourced),
      onEvent: (event) => events.push(`${event.kind} ${event.node.name}`),
    });

    expect(events.slice(0, 4).sort()).toEqual(
      ['finish not_null_accounts', 'finish not_null_users', 'start not_null_accounts', 'start not_null_users'].sort(),
    );
    const outcomes = new Map(result.results.map((node) => [node.name, [node.status, node.message]]));
    expect(Object.fromEntries(outcomes)).toEqual({
      not_null_accounts: ['fail', 'Got 1 result, configured to fail if != 0'],
      not_null_users: ['pass', undefined],
      stg_users: ['success', undefined],
      stg_accounts: ['skipped', 'upstream not_null_accounts failed'],
    });
  });
});
