import { describe, expect, it } from 'vitest';
import { buildRunGraph } from '../../lib/runner/run-graph.ts';
import { makePlan, modelId, planModel, planTest, rawSource, rowTest, selectAll, sourceId, testId } from './plan-builder.ts';

const plan = makePlan(
  [
    planModel('stg_accounts', { sql: 'select 1', sources: ['accounts'] }),
    planModel('dim_accounts', { sql: 'select 1', upstream: ['stg_accounts'] }),
    planModel('fact_deals', { sql: 'select 1', upstream: ['dim_accounts'] }),
  ],
  [
    rowTest('source_check', { on: sourceId('accounts'), failingWhere: 'false' }),
    rowTest('audit_dim', { on: 'dim_accounts', failingWhere: 'false' }),
    rowTest('warn_dim', { on: 'dim_accounts', failingWhere: 'false', severity: 'warn' }),
    planTest('relationships_fact_dim', {
      attachedTo: modelId('fact_deals'),
      severity: 'warn',
      sql: 'select 1',
      dependsOnModels: [modelId('fact_deals'), modelId('dim_accounts')],
    }),
  ],
  [rawSource('accounts')],
);

const shape = (graph: ReturnType<typeof buildRunGraph>) => ({
  sourceTests: graph.sourceTests.map((node) => node.id),
  nodes: graph.nodes.map((node) => [node.id, node.upstream, node.kind === 'model' ? node.auditTests.map((test) => test.id) : []]),
  total: graph.total,
});

describe('buildRunGraph', () => {
  it('build: source tests first, models gated by them, published tests right after their last model', () => {
    expect(shape(buildRunGraph(plan, 'build', selectAll(plan)))).toEqual({
      sourceTests: [testId('source_check')],
      nodes: [
        [modelId('stg_accounts'), [testId('source_check')], []],
        [modelId('dim_accounts'), [modelId('stg_accounts')], [testId('audit_dim')]],
        [testId('warn_dim'), [modelId('dim_accounts')], []],
        [modelId('fact_deals'), [modelId('dim_accounts')], []],
        [testId('relationships_fact_dim'), [modelId('fact_deals'), modelId('dim_accounts')], []],
      ],
      total: 7,
    });
  });

  it('run: models with their audit tests only', () => {
    expect(shape(buildRunGraph(plan, 'run', selectAll(plan)))).toEqual({
      sourceTests: [],
      nodes: [
        [modelId('stg_accounts'), [], []],
        [modelId('dim_accounts'), [modelId('stg_accounts')], [testId('audit_dim')]],
        [modelId('fact_deals'), [modelId('dim_accounts')], []],
      ],
      total: 4,
    });
  });

  it('test: every selected test, source tests first, with no dependencies', () => {
    expect(shape(buildRunGraph(plan, 'test', selectAll(plan)))).toEqual({
      sourceTests: [testId('source_check')],
      nodes: [
        [testId('audit_dim'), [], []],
        [testId('warn_dim'), [], []],
        [testId('relationships_fact_dim'), [], []],
      ],
      total: 4,
    });
  });

  it('keeps only selected nodes and drops edges to unselected models', () => {
    const graph = buildRunGraph(plan, 'build', {
      modelIds: [modelId('fact_deals')],
      testIds: [testId('audit_dim'), testId('relationships_fact_dim')],
    });

    expect(shape(graph)).toEqual({
      sourceTests: [],
      nodes: [
        // audit_dim's model is not being built, so it checks the published relation.
        [testId('audit_dim'), [], []],
        [modelId('fact_deals'), [], []],
        [testId('relationships_fact_dim'), [modelId('fact_deals')], []],
      ],
      total: 3,
    });
  });

  it('makes a model wait for every model its audit tests read, not only for its own upstream', () => {
    const independent = makePlan(
      [
        planModel('stg_tickets', { sql: 'select 1' }),
        planModel('stg_users', { sql: 'select 1' }),
      ],
      [
        planTest('staging_counts', {
          attachedTo: modelId('stg_users'),
          sql: 'select 1',
          dependsOnModels: [modelId('stg_tickets'), modelId('stg_users')],
        }),
      ],
    );

    expect(shape(buildRunGraph(independent, 'run', selectAll(independent))).nodes).toEqual([
      [modelId('stg_tickets'), [], []],
      [modelId('stg_users'), [modelId('stg_tickets')], [testId('staging_counts')]],
    ]);
  });

  it('build: audits a view with its warn tests too, unless one reads a model the view does not wait for', () => {
    const views = makePlan(
      [
        planModel('stg_deals', { sql: 'select 1', materialized: 'view' }),
        planModel('stg_changes', { sql: 'select 1', materialized: 'view', upstream: ['stg_deals'] }),
        planModel('stg_tickets', { sql: 'select 1', materialized: 'view' }),
      ],
      [
        rowTest('unique_stg_changes', { on: 'stg_changes', failingWhere: 'false' }),
        rowTest('accepted_values_stg_changes', { on: 'stg_changes', failingWhere: 'false', severity: 'warn' }),
        planTest('relationships_stg_changes', {
          attachedTo: modelId('stg_changes'),
          severity: 'warn',
          sql: 'select 1',
          dependsOnModels: [modelId('stg_changes'), modelId('stg_deals')],
        }),
        planTest('relationships_stg_tickets', {
          attachedTo: modelId('stg_tickets'),
          severity: 'warn',
          sql: 'select 1',
          dependsOnModels: [modelId('stg_tickets'), modelId('stg_deals')],
        }),
      ],
    );

    expect(shape(buildRunGraph(views, 'build', selectAll(views)))).toEqual({
      sourceTests: [],
      nodes: [
        [modelId('stg_deals'), [], []],
        [
          modelId('stg_changes'),
          [modelId('stg_deals')],
          [testId('unique_stg_changes'), testId('accepted_values_stg_changes'), testId('relationships_stg_changes')],
        ],
        [modelId('stg_tickets'), [], []],
        [testId('relationships_stg_tickets'), [modelId('stg_tickets'), modelId('stg_deals')], []],
      ],
      total: 7,
    });
    expect(shape(buildRunGraph(views, 'run', selectAll(views))).nodes[1]).toEqual([
      modelId('stg_changes'),
      [modelId('stg_deals')],
      [testId('unique_stg_changes')],
    ]);
  });
});
