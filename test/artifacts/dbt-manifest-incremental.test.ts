import { describe, expect, it } from 'vitest';
import { dbtManifest } from '../../lib/artifacts/dbt-manifest.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { docsPlan } from '../docs/docs-plan-fixture.ts';

function configOf(plan: Plan, id: string): unknown {
  const manifest = dbtManifest(plan, 'invocation-1', new Date('2026-11-25T08:00:00Z')) as { nodes: Record<string, { config: unknown }> };
  return manifest.nodes[id]?.config;
}

describe("dbt's manifest of an incremental model", () => {
  it("carries incremental_strategy, on_schema_change and the post_hooks as dbt's post-hook list", () => {
    const plan = docsPlan();
    const incremental: Plan = {
      ...plan,
      models: plan.models.map((model) =>
        model.name === 'fact_deals'
          ? { ...model, config: { ...model.config, materialized: 'incremental', uniqueKey: ['deal_id'], incrementalStrategy: 'merge', onSchemaChange: 'ignore', postHook: ['delete from a', 'delete from b'] } }
          : model,
      ),
    };
    expect(configOf(incremental, 'model.crm.fact_deals')).toMatchObject({
      materialized: 'incremental',
      unique_key: ['deal_id'],
      incremental_strategy: 'merge',
      on_schema_change: 'ignore',
      'post-hook': [
        { sql: 'delete from a', transaction: true, index: 0 },
        { sql: 'delete from b', transaction: true, index: 1 },
      ],
    });
    expect(configOf(plan, 'model.crm.fact_deals')).not.toHaveProperty('post-hook');
    expect(configOf(plan, 'model.crm.fact_deals')).not.toHaveProperty('incremental_strategy');
  });
});
