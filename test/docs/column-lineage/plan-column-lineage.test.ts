import { describe, expect, it } from 'vitest';
import { planColumnLineage } from '../../../lib/docs/column-lineage/plan-column-lineage.ts';
import type { Plan } from '../../../lib/plan/plan.ts';
import { docsPlan } from '../docs-plan-fixture.ts';

function columnsOf(plan: Plan, model: string): Record<string, string[]> {
  const lineage = planColumnLineage(plan).find((entry) => entry.model === `model.crm.${model}`);
  if (lineage === undefined) throw new Error(`no lineage for ${model}`);
  return Object.fromEntries(lineage.columns.map((column) => [column.column, column.upstream.map((entry) => `${entry.node}.${entry.column}`)]));
}

describe('planColumnLineage', () => {
  it('resolves staging columns to the source, the loader columns included', () => {
    const plan = docsPlan();
    const lineage = planColumnLineage(plan);
    expect(lineage.map((entry) => entry.model)).toEqual(plan.models.map((model) => model.id));
    expect(lineage[0]?.incomplete).toEqual([]);
    expect(columnsOf(plan, 'stg_crm_deals')).toEqual({
      deal_id: ['source.crm.deals.deal_id'],
      stage: ['source.crm.deals.stage'],
      amount: ['source.crm.deals.amount'],
    });
  });

  it("expands select * over an upstream model to the columns that model's SQL outputs", () => {
    // stg_crm_deals declares its columns in another order; the star follows its SELECT.
    expect(columnsOf(docsPlan(), 'fact_deals')).toEqual({
      deal_id: ['model.crm.stg_crm_deals.deal_id'],
      weighted_amount: ['model.crm.stg_crm_deals.amount'],
      stage: ['model.crm.stg_crm_deals.stage'],
    });
  });

  it('falls back to the declared columns of an upstream model whose SQL cannot be analysed', () => {
    const plan = docsPlan();
    const broken = { ...plan, models: plan.models.map((model) => (model.name === 'stg_crm_deals' ? { ...model, sql: 'select from where' } : model)) };
    const fact = planColumnLineage(broken).find((entry) => entry.model === 'model.crm.fact_deals');
    expect(fact?.incomplete).toEqual([]);
    expect(fact?.columns.map((column) => column.column)).toEqual(['deal_id', 'weighted_amount', 'stage']);
  });

  it('names any column of an upstream model that has neither analysable SQL nor declared columns, even through an import CTE', () => {
    const plan = docsPlan();
    const bare = {
      ...plan,
      models: plan.models.map((model) => (model.name === 'stg_crm_deals' ? { ...model, sql: 'select from where', columns: [] } : model)),
    };
    const fact = planColumnLineage(bare).find((entry) => entry.model === 'model.crm.fact_deals');
    expect(fact?.incomplete).toEqual([]);
    expect(fact?.columns.map((column) => [column.column, column.kind, column.upstream])).toEqual([
      ['deal_id', 'direct', [{ node: 'model.crm.stg_crm_deals', column: 'deal_id' }]],
      ['weighted_amount', 'derived', [{ node: 'model.crm.stg_crm_deals', column: 'amount' }]],
      ['stage', 'direct', [{ node: 'model.crm.stg_crm_deals', column: 'stage' }]],
    ]);
  });

  it('reports the star of a model over an upstream model whose columns are unknown', () => {
    const plan = docsPlan();
    const bare = {
      ...plan,
      models: plan.models.map((model) =>
        model.name === 'stg_crm_deals' ? { ...model, sql: 'select from where', columns: [] } : model.name === 'fact_deals' ? { ...model, sql: 'select * from staging.stg_crm_deals' } : model,
      ),
    };
    const fact = planColumnLineage(bare).find((entry) => entry.model === 'model.crm.fact_deals');
    expect(fact?.columns).toEqual([]);
    expect(fact?.incomplete).toEqual([{ reference: '*', reason: "the columns of 'staging.stg_crm_deals' are unknown" }]);
  });
});
