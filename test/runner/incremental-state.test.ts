/**
 * The incremental state a local build records (audit.incremental_state) and how the next build
 * decides between an increment and a full table (lib/publish/incremental-state.ts), on DuckDB,
 * Postgres (PGlite) and Redshift through the local Data API endpoint. Raw tables carry `_loaded_at` and `_ingest_date` and days are recorded in
 * audit.loaded_files, as the loaders leave them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine, Row } from '../../lib/engines/engine.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { incrementalEngines } from './incremental-engines.ts';
import { createRawDeals, landDeals } from './raw-deals.ts';
import { makePlan, planModel, rawSource, rowTest, selectAll } from './plan-builder.ts';

/** raw.deals keeps every landed version; the staging model takes the latest, the fact reads the staging model. */
function dealsPlan(runDate: string, tests = [] as ReturnType<typeof rowTest>[]): Plan {
  const plan = makePlan(
    [
      planModel('stg_deals', {
        schema: 'staging',
        materialized: 'view',
        sources: ['deals'],
        sql: `select deal_id, amount from (select deal_id, amount, row_number() over (partition by deal_id order by _loaded_at desc, version desc) as latest from raw.deals) v where latest = 1`,
      }),
      planModel('fact_deals', {
        materialized: 'incremental',
        uniqueKey: ['deal_id'],
        upstream: ['stg_deals'],
        sql: 'select deal_id, amount from staging.stg_deals',
        incrementalSql: `select deal_id, amount from staging.stg_deals
          where deal_id in (select deal_id from raw.deals where _loaded_at > (select coalesce(max(loaded_through), cast('1900-01-01' as timestamp)) from audit.incremental_state where model_id = 'model.crm.fact_deals'))`,
      }),
    ],
    tests,
    [rawSource('deals')],
  );
  return { ...plan, vars: { run_date: runDate } };
}


async function stateRows(engine: Engine) {
  const rows = await engine.query(`select run_id, cast(run_date as varchar(10)) as run_date, cast(loaded_through as varchar(19)) as loaded_through,
      cast(ingest_through as varchar(10)) as ingest_through, full_refresh from audit.incremental_state order by recorded_at, run_id`);
  return rows.map((row): Row => ({ ...row, loaded_through: String(row.loaded_through).replace('T', ' ') }));
}

async function factRows(engine: Engine) {
  return engine.query('select deal_id, amount from analytics.fact_deals order by deal_id');
}

describe.each(incrementalEngines)('incremental state on %s', (_name, open) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await open();
    await createRawDeals(engine);
    await landDeals(engine, '2026-11-20', [[1, 1, 10], [2, 1, 20]]);
  }, 60_000);
  afterEach(async () => {
    await engine.close();
  });

  async function build(runId: string, plan: Plan, fullRefresh = false) {
    return executePlan(engine, plan, { mode: 'build', runId, fullRefresh, ...selectAll(plan) });
  }

  function factRun(result: Awaited<ReturnType<typeof build>>) {
    return result.results.find((node) => node.id === 'model.crm.fact_deals');
  }

  it('records the newest load and day the model read, through its upstream model, in the publishing transaction', async () => {
    const first = await build('r1', dealsPlan('2026-11-20'));
    expect(factRun(first)).toMatchObject({ status: 'success', message: 'full: not published yet' });
    await landDeals(engine, '2026-11-21', [[2, 2, 25], [3, 1, 30]]);

    const second = await build('r2', dealsPlan('2026-11-21'));

    expect(factRun(second)).toMatchObject({ status: 'success', message: 'increment: rows landed since the last build' });
    expect(await factRows(engine)).toEqual([{ deal_id: 1, amount: 10 }, { deal_id: 2, amount: 25 }, { deal_id: 3, amount: 30 }]);
    expect(await stateRows(engine)).toEqual([
      { run_id: 'r1', run_date: '2026-11-20', loaded_through: '2026-11-20 03:00:00', ingest_through: '2026-11-20', full_refresh: true },
      { run_id: 'r2', run_date: '2026-11-21', loaded_through: '2026-11-21 03:00:00', ingest_through: '2026-11-21', full_refresh: false },
    ]);
    const logged = await engine.query(`select message from audit.model_runs where run_id = 'r2' and node_id = 'model.crm.fact_deals'`);
    expect(logged).toEqual([{ message: 'increment: rows landed since the last build' }]);
  }, 60_000);

  it('rebuilds whole when a past day was re-landed since the last build, naming the table and day', async () => {
    await build('r1', dealsPlan('2026-11-20'));
    await landDeals(engine, '2026-11-21', [[3, 1, 30]]);
    await build('r2', dealsPlan('2026-11-21'));
    // Day 20 re-landed without deal 2: no key of it is landed anew, so only a full build drops it.
    await landDeals(engine, '2026-11-20', [[1, 1, 10]], { loadedAt: '2026-11-22 03:00:00', replace: true });

    const third = await build('r3', dealsPlan('2026-11-22'));

    expect(factRun(third)).toMatchObject({ status: 'success', message: 'full: raw.deals day 2026-11-20 re-landed since the last build' });
    expect(await factRows(engine)).toEqual([{ deal_id: 1, amount: 10 }, { deal_id: 3, amount: 30 }]);
    // The full build is recorded, and the day it saw is no longer "re-landed since" for the next run.
    const fourth = await build('r4', dealsPlan('2026-11-22'));
    expect(factRun(fourth)?.message).toBe('increment: rows landed since the last build');
  }, 60_000);

  it('rebuilds whole when the run date is before the last build\'s', async () => {
    await build('r1', dealsPlan('2026-11-21'));

    const earlier = await build('r2', dealsPlan('2026-11-20'));

    expect(factRun(earlier)?.message).toBe("full: run date 2026-11-20 is before the last build's 2026-11-21");
  }, 60_000);

  it('rebuilds whole on --full-refresh and when no build of it is recorded', async () => {
    await build('r1', dealsPlan('2026-11-20'));
    expect(factRun(await build('r2', dealsPlan('2026-11-20'), true))?.message).toBe('full: --full-refresh');
    await engine.execute('delete from audit.incremental_state');

    expect(factRun(await build('r3', dealsPlan('2026-11-20')))?.message).toBe('full: no incremental build of it is recorded');
    expect((await stateRows(engine)).map((row) => [row.run_id, row.full_refresh])).toEqual([['r3', true]]);
  }, 60_000);

  it('records nothing for a build that fails its audit, so the next run catches up on what it missed', async () => {
    await build('r1', dealsPlan('2026-11-20'));
    await landDeals(engine, '2026-11-21', [[2, 2, -5]]);
    const refusing = dealsPlan('2026-11-21', [rowTest('no_negative_amounts', { on: 'fact_deals', failingWhere: 'amount < 0' })]);

    const failed = await build('r2', refusing);

    expect(factRun(failed)?.status).toBe('error');
    expect((await stateRows(engine)).map((row) => row.run_id)).toEqual(['r1']);
    // Day 22 corrects deal 2; the increment still reaches back to day 21 (deal 2 landed after r1's state).
    await landDeals(engine, '2026-11-22', [[2, 3, 27], [4, 1, 40]]);
    const caughtUp = await build('r3', dealsPlan('2026-11-22'));
    expect(factRun(caughtUp)?.message).toBe('increment: rows landed since the last build');
    expect(await factRows(engine)).toEqual([{ deal_id: 1, amount: 10 }, { deal_id: 2, amount: 27 }, { deal_id: 4, amount: 40 }]);
  }, 60_000);
});
