/**
 * The selector methods a CI job uses: state:modified / state:new against a production plan,
 * result: against its run results, config.materialized:, resource_type:, test_type:, exposure:
 * and the @ operator; each misuse names the selector.
 */
import { describe, expect, it } from 'vitest';
import { PLAN_VERSION, type Plan, type PlanModel, type PlanTest } from '../../lib/plan/plan.ts';
import { selectNodes, SelectionError, type SelectionOptions } from '../../lib/project/selection.ts';

function model(name: string, parents: string[], extra: Partial<PlanModel> = {}, schema = 'analytics'): PlanModel {
  return {
    id: `model.crm.${name}`,
    name,
    path: `sql/facts/${name}.sql`,
    layer: 'facts',
    relation: { schema, name },
    config: { materialized: 'table', tags: [] },
    columns: [],
    dependsOn: { models: parents.map((parent) => `model.crm.${parent}`), sources: [] },
    sql: `select * from ${parents.map((parent) => `${schema}.${parent}`).join(', ') || 'raw.deals'}`,
    checksum: name,
    ...extra,
  };
}

function test(name: string, on: string, kind: PlanTest['kind'] = 'generic', schema = 'analytics'): PlanTest {
  return {
    id: `test.crm.${name}`,
    name,
    kind,
    testName: kind === 'generic' ? 'not_null' : name,
    severity: 'error',
    attachedTo: `model.crm.${on}`,
    dependsOn: { models: [`model.crm.${on}`], sources: [] },
    path: kind === 'generic' ? 'sql/facts/schema.yml' : `sql/tests/${name}.sql`,
    sql: `select * from ${schema}.${on} where id is null`,
  };
}

// a -> b -> c -> exposure revenue;  a -> d (a view);  e (independent)
function plan(schema: string, changes: Partial<Record<string, Partial<PlanModel>>> = {}): Plan {
  const models = [
    model('a', [], changes.a, schema),
    model('b', ['a'], changes.b, schema),
    model('d', ['a'], { config: { materialized: 'view', tags: [] }, ...changes.d }, schema),
    model('e', [], changes.e, schema),
    model('c', ['b'], changes.c, schema),
  ];
  return {
    planVersion: PLAN_VERSION,
    layers: [{ name: 'staging', schema: 'staging' }, { name: 'dimensions', schema: 'analytics' }, { name: 'facts', schema: 'analytics' }, { name: 'marts', schema: 'marts' }],
    project: 'crm',
    target: 'duckdb',
    vars: {},
    sources: [],
    models,
    tests: [test('not_null_b_id', 'b', 'generic', schema), test('assert_c_positive', 'c', 'singular', schema)],
    exposures: [{ id: 'exposure.crm.revenue', name: 'revenue', type: 'dashboard', dependsOn: { models: ['model.crm.c'], sources: [] } }],
    unitTests: [
      {
        id: 'unit_test.crm.b_rounds',
        name: 'b_rounds',
        model: 'model.crm.b',
        given: ['model.crm.a'],
        path: 'sql/facts/schema.yml',
        yamlPath: 'unit_tests[0]',
        sql: 'select 1 as x',
        expected: { columns: ['x'], rows: [{ x: 1 }] },
      },
    ],
  };
}

const production = plan('analytics');

function ids(current: Plan, options: SelectionOptions): string[] {
  const selection = selectNodes(current, options);
  return [...selection.models, ...selection.tests, ...selection.unitTests, ...selection.sources].map((id) => id.replace(/^[a-z_]+\.crm\./, ''));
}

function failure(current: Plan, options: SelectionOptions): string {
  try {
    selectNodes(current, options);
  } catch (error) {
    expect(error).toBeInstanceOf(SelectionError);
    return (error as Error).message;
  }
  throw new Error('expected a SelectionError');
}

describe('state:', () => {
  it('selects nothing when nothing changed, even in prefixed CI schemas', () => {
    expect(ids(plan('ci_analytics'), { select: ['state:modified+'], state: { plan: production } })).toEqual([]);
  });

  it('selects a model whose file changed, with state:modified+ its children and their tests', () => {
    const current = plan('ci_analytics', { b: { checksum: 'b2' } });
    expect(ids(current, { select: ['state:modified'], state: { plan: production } })).toEqual(['b', 'not_null_b_id', 'b_rounds']);
    expect(ids(current, { select: ['state:modified+'], state: { plan: production } })).toEqual(['b', 'c', 'not_null_b_id', 'assert_c_positive', 'b_rounds']);
  });

  it('sees a change only the compiled SQL shows (a project macro the file calls), and a config change', () => {
    const macro = plan('ci_analytics', { d: { sql: 'select * from ci_analytics.a where amount > 0' } });
    expect(ids(macro, { select: ['state:modified'], state: { plan: production } })).toEqual(['d']);
    const config = plan('ci_analytics', { e: { config: { materialized: 'view', tags: [] } } });
    expect(ids(config, { select: ['state:modified'], state: { plan: production } })).toEqual(['e']);
    expect(ids(config, { select: ['state:modified.configs'], state: { plan: production } })).toEqual(['e']);
    expect(ids(config, { select: ['state:modified.body'], state: { plan: production } })).toEqual([]);
    expect(ids(macro, { select: ['state:modified.body'], state: { plan: production } })).toEqual(['d']);
    expect(ids(macro, { select: ['state:modified.configs'], state: { plan: production } })).toEqual([]);
  });

  it('compares only checksum and config across engines, whose compiled SQL always differs', () => {
    const onRedshift = { ...plan('analytics', { d: { sql: 'select 2' } }), target: 'redshift' as const };
    expect(ids(onRedshift, { select: ['state:modified'], state: { plan: production } })).toEqual([]);
  });

  it('tells new nodes from modified ones', () => {
    const current = { ...plan('analytics'), models: [...plan('analytics').models, model('f', ['c'])] };
    expect(ids(current, { select: ['state:new'], state: { plan: production } })).toEqual(['f']);
    expect(ids(current, { select: ['state:modified'], state: { plan: production } })).toEqual(['f']);
  });

  it('needs --state, and takes modified or new', () => {
    expect(failure(production, { select: ['state:modified+'] })).toBe("--select: 'state:modified+' needs --state <dir>, the artifacts of the run to compare with");
    expect(failure(production, { select: ['state:modifed'], state: { plan: production } })).toBe(
      "--select: 'state:modifed': 'state:' takes modified, new, modified.body, modified.configs; did you mean 'state:modified'?",
    );
  });
});

describe('result:', () => {
  it("selects the nodes with that status in the state's run results, nothing when none has it", () => {
    const results = new Map([
      ['model.crm.b', 'error'],
      ['model.crm.c', 'skipped'],
      ['model.crm.a', 'success'],
    ]);
    expect(ids(production, { select: ['result:error+'], state: { plan: production, results } })).toEqual(['b', 'c', 'not_null_b_id', 'assert_c_positive', 'b_rounds']);
    expect(ids(production, { select: ['result:fail'], state: { plan: production, results } })).toEqual([]);
    expect(failure(production, { select: ['result:error'], state: { plan: production } })).toBe("--select: 'result:error' needs --state <dir> holding a run_results.json");
  });
});

describe('node properties and exposures', () => {
  it('selects by materialization, resource type and test type', () => {
    expect(ids(production, { select: ['config.materialized:view'] })).toEqual(['d']);
    expect(ids(production, { select: ['resource_type:model'] })).toEqual(['a', 'b', 'd', 'e', 'c', 'not_null_b_id', 'assert_c_positive', 'b_rounds']);
    expect(ids(production, { select: ['resource_type:test'] })).toEqual(['not_null_b_id', 'assert_c_positive']);
    expect(ids(production, { select: ['test_type:singular'] })).toEqual(['assert_c_positive']);
    expect(ids(production, { select: ['test_type:unit'] })).toEqual(['b_rounds']);
    expect(failure(production, { select: ['config.materialized:tabel'] })).toBe(
      "--select: 'config.materialized:tabel': 'config.materialized:' takes view, table, incremental; did you mean 'config.materialized:table'?",
    );
  });

  it('selects what an exposure uses with +exposure:', () => {
    expect(ids(production, { select: ['+exposure:revenue'] })).toEqual(['a', 'b', 'c', 'not_null_b_id', 'assert_c_positive', 'b_rounds']);
    expect(failure(production, { select: ['+exposure:revenu'] })).toBe("--select: '+exposure:revenu' matches no exposure; did you mean 'exposure:revenue'?");
  });

  it('@x: x, its descendants and every ancestor of them', () => {
    const current: Plan = { ...production, models: [...production.models, model('g', ['e', 'b'])] };
    expect(ids(current, { select: ['@b'] })).toEqual(['a', 'b', 'e', 'c', 'g', 'not_null_b_id', 'assert_c_positive', 'b_rounds']);
    expect(failure(current, { select: ['@+b'] })).toBe("--select: '@+b': '@' already includes every ancestor; drop the '+' before the name");
  });
});
