import { describe, expect, it } from 'vitest';
import { PLAN_VERSION, type Plan, type PlanModel, type PlanUnitTest } from '../../lib/plan/plan.ts';
import { selectNodes, SelectionError } from '../../lib/project/selection.ts';

function model(name: string, upstream: string[]): PlanModel {
  return {
    id: `model.crm.${name}`,
    name,
    path: `sql/facts/${name}.sql`,
    layer: 'facts',
    relation: { schema: 'analytics', name },
    config: { materialized: 'table', tags: [] },
    columns: [],
    dependsOn: { models: upstream.map((id) => `model.crm.${id}`), sources: [] },
    sql: 'select 1',
    checksum: '0',
  };
}

function unitTest(name: string, modelName: string): PlanUnitTest {
  return {
    id: `unit_test.crm.${name}`,
    name,
    model: `model.crm.${modelName}`,
    given: [],
    path: 'sql/facts/schema.yml',
    yamlPath: 'unit_tests[0]',
    sql: 'select 1',
    expected: { columns: [], rows: [] },
  };
}

// stg_crm_deals -> fact_deals -> mart_pipeline
const plan: Plan = {
  planVersion: PLAN_VERSION,
  layers: [{ name: 'staging', schema: 'staging' }, { name: 'dimensions', schema: 'analytics' }, { name: 'facts', schema: 'analytics' }, { name: 'marts', schema: 'marts' }],
  project: 'crm',
  target: 'duckdb',
  vars: {},
  sources: [],
  models: [model('stg_crm_deals', []), model('fact_deals', ['stg_crm_deals']), model('mart_pipeline', ['fact_deals'])],
  tests: [],
  exposures: [],
  unitTests: [unitTest('stg_deals_overdue', 'stg_crm_deals'), unitTest('fact_deals_amounts', 'fact_deals'), unitTest('fact_deals_moves', 'fact_deals')],
};

const short = (ids: readonly string[]): string[] => ids.map((id) => id.replace(/^(model|unit_test)\.crm\./, ''));

describe('selecting unit tests', () => {
  it('selects every unit test when everything is selected', () => {
    expect(short(selectNodes(plan, {}).unitTests)).toEqual(['stg_deals_overdue', 'fact_deals_amounts', 'fact_deals_moves']);
    expect(short(selectNodes(plan, { select: ['crm'] }).unitTests)).toHaveLength(3);
  });

  it('selects the unit tests of the selected models, graph operators included', () => {
    expect(short(selectNodes(plan, { select: ['fact_deals'] }).unitTests)).toEqual(['fact_deals_amounts', 'fact_deals_moves']);
    expect(short(selectNodes(plan, { select: ['+fact_deals'] }).unitTests)).toEqual(['stg_deals_overdue', 'fact_deals_amounts', 'fact_deals_moves']);
    expect(selectNodes(plan, { select: ['mart_pipeline'] }).unitTests).toEqual([]);
  });

  it('selects a unit test by name without its model, and its model and ancestors with +', () => {
    const byName = selectNodes(plan, { select: ['fact_deals_moves'] });
    expect(short(byName.unitTests)).toEqual(['fact_deals_moves']);
    expect(byName.models).toEqual([]);
    expect(short(selectNodes(plan, { select: ['+fact_deals_moves'] }).models)).toEqual(['stg_crm_deals', 'fact_deals']);
  });

  it('excludes the unit tests of an excluded model, or one by name', () => {
    expect(short(selectNodes(plan, { exclude: ['fact_deals'] }).unitTests)).toEqual(['stg_deals_overdue']);
    expect(short(selectNodes(plan, { exclude: ['fact_deals_amounts'] }).unitTests)).toEqual(['stg_deals_overdue', 'fact_deals_moves']);
  });

  it('suggests a unit test name for a misspelled selector', () => {
    expect(() => selectNodes(plan, { select: ['fact_deals_move'] })).toThrow(SelectionError);
    expect(() => selectNodes(plan, { select: ['fact_deals_move'] })).toThrow("did you mean 'fact_deals_moves'?");
  });
});
