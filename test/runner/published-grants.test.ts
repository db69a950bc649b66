/**
 * Readers keep access across runs: every publish replaces the relation, so the runner grants the
 * model's `grants:` again in the publishing transaction (lib/publish/grant-statements.ts). On
 * PGlite, a real Postgres with privileges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import type { PlanModel } from '../../lib/plan/plan.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { makePlan, planModel, selectAll } from './plan-builder.ts';

describe('grants on a published model', () => {
  let engine: PgliteEngine;
  beforeAll(async () => {
    engine = await PgliteEngine.open();
    await engine.execute('create role bi_readers');
    await engine.execute('create role analyst');
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
  });

  const granted = (model: PlanModel, select: string[]): PlanModel => ({ ...model, config: { ...model.config, grants: { select } } });

  async function build(runId: string) {
    const plan = makePlan([
      granted(planModel('dim_accounts', { sql: `select 1 as account_id` }), ['role:bi_readers', 'analyst']),
      granted(planModel('stg_accounts', { sql: `select 1 as account_id`, materialized: 'view' }), ['analyst']),
    ]);
    const result = await executePlan(engine, plan, { mode: 'build', runId, ...selectAll(plan) });
    expect(result.success).toBe(true);
  }

  const privilege = async (role: string, relation: string): Promise<boolean> => {
    const [row] = await engine.query(`select has_table_privilege('${role}', '${relation}', 'select') as allowed`);
    return row?.allowed === true;
  };

  it('still lets the readers select after the second run replaced every relation', async () => {
    await build('run-1');
    await build('run-2');
    expect(await privilege('bi_readers', 'analytics.dim_accounts')).toBe(true);
    expect(await privilege('analyst', 'analytics.dim_accounts')).toBe(true);
    expect(await privilege('analyst', 'analytics.stg_accounts')).toBe(true);
    expect(await privilege('bi_readers', 'analytics.stg_accounts')).toBe(false);
  }, 60_000);
});
