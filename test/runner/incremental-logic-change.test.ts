/**
 * A local build of an incremental model whose logic changed since its last build (a var it reads
 * through a macro) is a full build, equal to a full refresh; a build whose only change is the run date
 * is an increment (lib/project/logic-fingerprint.ts, lib/publish/incremental-state.ts). On DuckDB,
 * Postgres (PGlite) and Redshift through the local Data API endpoint.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../lib/engines/engine.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { compileFingerprintProject } from '../project/fingerprint-project.ts';
import { removeProjects } from '../project/unit-test-project.ts';
import { incrementalEngines } from './incremental-engines.ts';
import { createRawDeals, landDeals } from './raw-deals.ts';
import { selectAll } from './plan-builder.ts';

afterAll(removeProjects);

const CHANGED = "full: the model's logic changed since the last build (its SQL, a var or a macro it reads, or a model it reads)";


describe.each(incrementalEngines)('an incremental model whose logic changed, on %s', (_name, open) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await open();
    await createRawDeals(engine);
    await landDeals(engine, '2026-11-20', [[1, 1, 10], [2, 1, 20]]);
  }, 60_000);
  afterEach(async () => {
    await engine.close();
  });

  async function build(runId: string, vars: Readonly<Record<string, unknown>>, fullRefresh = false): Promise<{ plan: Plan; message: string | undefined }> {
    const plan = await compileFingerprintProject(engine.target, vars);
    const result = await executePlan(engine, plan, { mode: 'build', runId, fullRefresh, ...selectAll(plan) });
    const fact = result.results.find((node) => node.id === 'model.crm.fact_deals');
    expect(fact?.status).toBe('success');
    return { plan, message: fact?.message };
  }

  const factRows = () => engine.query('select deal_id, cast(weighted_amount as integer) as weighted_amount from analytics.fact_deals order by deal_id');

  it('is built whole when a var it reads changed, equal to a full refresh, and as an increment when only the run date moved', async () => {
    await build('r1', { run_date: '2026-11-20' });
    await landDeals(engine, '2026-11-21', [[2, 2, 25], [3, 1, 30]]);
    expect((await build('r2', { run_date: '2026-11-21' })).message).toBe('increment: rows landed since the last build');
    await landDeals(engine, '2026-11-22', [[4, 1, 40]]);

    // An increment would double deal 4 only, next to rows weighted by 1.
    const changed = await build('r3', { run_date: '2026-11-22', amount_factor: 2 });

    expect(changed.message).toBe(CHANGED);
    const rebuilt = await factRows();
    expect(rebuilt).toEqual([{ deal_id: 1, weighted_amount: 20 }, { deal_id: 2, weighted_amount: 50 }, { deal_id: 3, weighted_amount: 60 }, { deal_id: 4, weighted_amount: 80 }]);
    expect((await build('r4', { run_date: '2026-11-22', amount_factor: 2 }, true)).message).toBe('full: --full-refresh');
    expect(await factRows()).toEqual(rebuilt);
    // The state records the new logic, so the next day with it is an increment again.
    const recorded = await engine.query(`select run_id, logic_fingerprint from audit.incremental_state where run_id in ('r2', 'r3') order by run_id`);
    expect(recorded.map((row) => row.logic_fingerprint)).toEqual([(await compileFingerprintProject(engine.target, { run_date: '2026-11-21' })).models.at(-1)?.logicFingerprint, changed.plan.models.at(-1)?.logicFingerprint]);
    await landDeals(engine, '2026-11-23', [[1, 2, 11]]);
    expect((await build('r5', { run_date: '2026-11-23', amount_factor: 2 })).message).toBe('increment: rows landed since the last build');
    expect((await factRows())[0]).toEqual({ deal_id: 1, weighted_amount: 22 });
  }, 120_000);

  it('is built whole when the recorded build has no fingerprint', async () => {
    await build('r1', { run_date: '2026-11-20' });
    await engine.execute('update audit.incremental_state set logic_fingerprint = null');

    expect((await build('r2', { run_date: '2026-11-21' })).message).toBe(CHANGED);
  }, 120_000);
});
