import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { makePlan, openTestEngine, planModel, rowTest, selectAll } from './plan-builder.ts';

describe('run history in the audit schema', () => {
  let engine: DuckDbEngine;
  beforeEach(async () => {
    engine = await openTestEngine();
  });
  afterEach(async () => {
    await engine.close();
  });

  const plan = makePlan(
    [
      planModel('stg_users', { sql: 'select 1 as user_id union all select 2', schema: 'staging', materialized: 'view' }),
      planModel('dim_users', { sql: 'select * from staging.stg_users', upstream: ['stg_users'] }),
    ],
    [
      rowTest('not_null_dim_users_user_id', { on: 'dim_users', failingWhere: 'user_id is null', column: 'user_id' }),
      rowTest('few_users', { on: 'dim_users', failingWhere: 'user_id > 1', severity: 'warn' }),
    ],
  );

  it('appends one model_runs row per node and one check_results row per executed test, run after run', async () => {
    await executePlan(engine, plan, { mode: 'build', runId: 'first', ...selectAll(plan) });
    await executePlan(engine, plan, { mode: 'build', runId: 'second', ...selectAll(plan) });

    const runs = await engine.query(
      `select run_id, node_id, node_name, resource_type, status, rows_affected, message,
              seconds >= 0 as timed, completed_at >= started_at as ordered
         from audit.model_runs where run_id = 'second' order by node_name`,
    );
    expect(runs).toEqual([
      { run_id: 'second', node_id: 'model.crm.dim_users', node_name: 'dim_users', resource_type: 'model', status: 'success', rows_affected: 2, message: null, timed: true, ordered: true },
      { run_id: 'second', node_id: 'test.crm.few_users', node_name: 'few_users', resource_type: 'test', status: 'warn', rows_affected: null, message: 'Got 1 result, configured to warn if != 0', timed: true, ordered: true },
      { run_id: 'second', node_id: 'test.crm.not_null_dim_users_user_id', node_name: 'not_null_dim_users_user_id', resource_type: 'test', status: 'pass', rows_affected: null, message: null, timed: true, ordered: true },
      { run_id: 'second', node_id: 'model.crm.stg_users', node_name: 'stg_users', resource_type: 'model', status: 'success', rows_affected: null, message: null, timed: true, ordered: true },
    ]);
    const checks = await engine.query(
      `select run_id, test_name, severity, status, failures, phase from audit.check_results order by run_id, test_name`,
    );
    expect(checks).toEqual(
      ['first', 'second'].flatMap((runId) => [
        { run_id: runId, test_name: 'few_users', severity: 'warn', status: 'warn', failures: 1, phase: 'published' },
        { run_id: runId, test_name: 'not_null_dim_users_user_id', severity: 'error', status: 'pass', failures: 0, phase: 'audit' },
      ]),
    );
    expect(await engine.query('select run_id, count(*) as nodes from audit.model_runs group by run_id order by run_id')).toEqual([
      { run_id: 'first', nodes: 4 },
      { run_id: 'second', nodes: 4 },
    ]);
  });

  it('records skipped nodes with their reason', async () => {
    const broken = makePlan([
      planModel('stg_users', { sql: 'select * from nowhere', schema: 'staging', materialized: 'view' }),
      planModel('dim_users', { sql: 'select * from staging.stg_users', upstream: ['stg_users'] }),
    ]);

    await executePlan(engine, broken, { mode: 'run', runId: 'r', ...selectAll(broken) });

    expect(await engine.query(`select status, message from audit.model_runs where node_name = 'dim_users'`)).toEqual([
      { status: 'skipped', message: 'upstream staging.stg_users failed' },
    ]);
  });

  it('rejects when the audit rows cannot be written', async () => {
    await engine.execute('create schema audit');
    await engine.execute('create table audit.model_runs (unrelated integer)');

    await expect(executePlan(engine, plan, { mode: 'build', runId: 'r', ...selectAll(plan) })).rejects.toThrow(/model_runs/);
  });

  it('appends the audit rows in a few multi-row inserts, not one transaction per node', async () => {
    const tested = makePlan(
      [planModel('dim_users', { sql: 'select 1 as user_id' })],
      Array.from({ length: 30 }, (_, index) => rowTest(`check_${index}`, { on: 'dim_users', failingWhere: 'false', severity: 'warn' })),
    );
    const inserts: string[] = [];
    engine.onStatement = (sql) => {
      if (sql.startsWith('insert into audit.')) inserts.push(sql.split('\n')[0] ?? '');
    };

    await executePlan(engine, tested, { mode: 'build', runId: 'r', ...selectAll(tested) });

    // The model's row when it finishes, if a second has passed since the run started (run-recorder.test.ts);
    // the tests' rows at the end of the run.
    expect(inserts.slice(-2)).toEqual(['insert into audit.model_runs', 'insert into audit.check_results']);
    expect(inserts.length).toBeLessThanOrEqual(3);
    expect(await engine.query(`select count(*) as rows from audit.model_runs where run_id = 'r'`)).toEqual([{ rows: 31 }]);
    expect(await engine.query(`select count(*) as rows from audit.check_results where run_id = 'r'`)).toEqual([{ rows: 30 }]);
  });

  it('writes the audit rows of every finished node when the run breaks', async () => {
    const broken = new Error('listener broke');

    const run = executePlan(engine, plan, {
      mode: 'build',
      runId: 'r',
      ...selectAll(plan),
      onEvent: (event) => {
        if (event.kind === 'finish' && event.node.name === 'dim_users') throw broken;
      },
    });

    await expect(run).rejects.toBe(broken);
    expect(await engine.query(`select node_name, status from audit.model_runs where run_id = 'r' order by node_name`)).toEqual([
      { node_name: 'dim_users', status: 'success' },
      { node_name: 'not_null_dim_users_user_id', status: 'pass' },
      { node_name: 'stg_users', status: 'success' },
    ]);
  });
});
