import { describe, expect, it } from 'vitest';
import { PLAN_VERSION, type Layer, type Plan, type PlanModel, type PlanSource, type PlanTest } from '../../lib/plan/plan.ts';
import { selectNodes, SelectionError, type SelectionOptions } from '../../lib/project/selection.ts';

function source(tableName: string): PlanSource {
  return { id: `source.crm.${tableName}`, sourceName: 'crm', tableName, relation: { schema: 'raw', name: tableName }, columns: [] };
}

function model(name: string, layer: Layer, tag: string, models: string[], sources: string[] = []): PlanModel {
  return {
    id: `model.crm.${name}`,
    name,
    path: `sql/${layer}/${name}.sql`,
    layer,
    relation: { schema: 'analytics', name },
    config: { materialized: 'table', tags: [tag] },
    columns: [],
    dependsOn: { models: models.map((m) => `model.crm.${m}`), sources: sources.map((s) => `source.crm.${s}`) },
    sql: 'select 1',
    checksum: '0',
  };
}

function test(name: string, attachedTo: string, models: string[], sources: string[] = [], kind: PlanTest['kind'] = 'generic'): PlanTest {
  return {
    id: `test.crm.${name}`,
    name,
    kind,
    testName: kind === 'singular' ? name : 'not_null',
    severity: 'error',
    attachedTo,
    dependsOn: { models: models.map((m) => `model.crm.${m}`), sources: sources.map((s) => `source.crm.${s}`) },
    path: kind === 'singular' ? `sql/tests/${name}.sql` : 'sql/facts/schema.yml',
    sql: 'select 1 where false',
  };
}

// accounts -> stg_crm_accounts -> dim_accounts -> fact_deals -> mart_pipeline
// users    -> stg_crm_users   ---^               ^
// deals    -> stg_crm_deals  ---------------------
const plan: Plan = {
  planVersion: PLAN_VERSION,
  layers: [{ name: 'staging', schema: 'staging' }, { name: 'dimensions', schema: 'analytics' }, { name: 'facts', schema: 'analytics' }, { name: 'marts', schema: 'marts' }],
  project: 'crm',
  target: 'duckdb',
  vars: {},
  sources: [source('accounts'), source('deals'), source('users')],
  models: [
    model('stg_crm_accounts', 'staging', 'staging', [], ['accounts']),
    model('stg_crm_deals', 'staging', 'staging', [], ['deals']),
    model('stg_crm_users', 'staging', 'staging', [], ['users']),
    model('dim_accounts', 'dimensions', 'dimension', ['stg_crm_accounts', 'stg_crm_users']),
    model('fact_deals', 'facts', 'fact', ['stg_crm_deals', 'dim_accounts']),
    model('mart_pipeline', 'marts', 'mart', ['fact_deals']),
  ],
  tests: [
    test('source_not_null_crm_accounts_account_id', 'source.crm.accounts', [], ['accounts']),
    test('not_null_dim_accounts_account_id', 'model.crm.dim_accounts', ['dim_accounts']),
    test('relationships_fact_deals_account_id', 'model.crm.fact_deals', ['fact_deals', 'dim_accounts']),
    test('assert_pipeline_positive', 'model.crm.mart_pipeline', ['mart_pipeline', 'fact_deals'], [], 'singular'),
  ],
  exposures: [],
};

function short(id: string): string {
  return id.replace(/^(model|source|test)\.crm\./, '');
}

function pick(options: SelectionOptions): { sources: string[]; models: string[]; tests: string[] } {
  const selection = selectNodes(plan, options);
  return { sources: selection.sources.map(short), models: selection.models.map(short), tests: selection.tests.map(short) };
}

function selectionError(options: SelectionOptions): string {
  try {
    selectNodes(plan, options);
  } catch (error) {
    expect(error).toBeInstanceOf(SelectionError);
    return (error as Error).message;
  }
  throw new Error('expected a SelectionError');
}

const allModels = ['stg_crm_accounts', 'stg_crm_deals', 'stg_crm_users', 'dim_accounts', 'fact_deals', 'mart_pipeline'];
const allTests = ['source_not_null_crm_accounts_account_id', 'not_null_dim_accounts_account_id', 'relationships_fact_deals_account_id', 'assert_pipeline_positive'];

describe('selectNodes: everything', () => {
  it('selects everything without selectors, with the project name and with *', () => {
    for (const options of [{}, { select: ['crm'] }, { select: ['*'] }, { select: ['  '] }]) {
      expect(pick(options)).toEqual({ sources: ['accounts', 'deals', 'users'], models: allModels, tests: allTests });
    }
  });
});

describe('selectNodes: methods', () => {
  it('selects a model by name with its tests', () => {
    expect(pick({ select: ['dim_accounts'] })).toEqual({ sources: [], models: ['dim_accounts'], tests: ['not_null_dim_accounts_account_id'] });
  });

  it('selects a test by name alone', () => {
    expect(pick({ select: ['relationships_fact_deals_account_id'] })).toEqual({ sources: [], models: [], tests: ['relationships_fact_deals_account_id'] });
  });

  it('selects by tag', () => {
    expect(pick({ select: ['tag:staging'] }).models).toEqual(['stg_crm_accounts', 'stg_crm_deals', 'stg_crm_users']);
  });

  it('selects by folder, folder with a trailing slash, and file path', () => {
    expect(pick({ select: ['path:sql/facts'] }).models).toEqual(['fact_deals']);
    expect(pick({ select: ['path:./sql/staging/'] }).models).toEqual(['stg_crm_accounts', 'stg_crm_deals', 'stg_crm_users']);
    expect(pick({ select: ['path:sql/marts/mart_pipeline.sql'] }).models).toEqual(['mart_pipeline']);
    expect(pick({ select: ['sql/marts/mart_pipeline.sql'] }).models).toEqual(['mart_pipeline']);
  });

  it('does not read a folder name prefix as the folder', () => {
    expect(selectionError({ select: ['path:sql/fact'] })).toBe("--select: 'path:sql/fact' matches no model; did you mean 'path:sql/facts'?");
  });

  it('selects singular tests by path', () => {
    expect(pick({ select: ['path:sql/tests'] })).toEqual({ sources: [], models: [], tests: ['assert_pipeline_positive'] });
  });

  it('selects a source, or every table of a source, with the source tests', () => {
    expect(pick({ select: ['source:crm.accounts'] })).toEqual({ sources: ['accounts'], models: [], tests: ['source_not_null_crm_accounts_account_id'] });
    expect(pick({ select: ['source:crm'] }).sources).toEqual(['accounts', 'deals', 'users']);
  });
});

describe('selectNodes: graph operators', () => {
  it('adds all ancestors with +name', () => {
    expect(pick({ select: ['+dim_accounts'] })).toEqual({
      sources: ['accounts', 'users'],
      models: ['stg_crm_accounts', 'stg_crm_users', 'dim_accounts'],
      tests: ['source_not_null_crm_accounts_account_id', 'not_null_dim_accounts_account_id'],
    });
  });

  it('adds all descendants with name+', () => {
    expect(pick({ select: ['dim_accounts+'] }).models).toEqual(['dim_accounts', 'fact_deals', 'mart_pipeline']);
  });

  it('adds both with +name+', () => {
    expect(pick({ select: ['+fact_deals+'] }).models).toEqual(allModels);
  });

  it('limits the generations with n+name and name+n', () => {
    expect(pick({ select: ['1+fact_deals'] }).models).toEqual(['stg_crm_deals', 'dim_accounts', 'fact_deals']);
    expect(pick({ select: ['2+fact_deals'] }).sources).toEqual(['deals']);
    expect(pick({ select: ['stg_crm_accounts+1'] }).models).toEqual(['stg_crm_accounts', 'dim_accounts']);
    expect(pick({ select: ['1+dim_accounts+1'] }).models).toEqual(['stg_crm_accounts', 'stg_crm_users', 'dim_accounts', 'fact_deals']);
  });

  it('selects everything downstream of a source with source:crm.x+', () => {
    expect(pick({ select: ['source:crm.users+'] })).toEqual({
      sources: ['users'],
      models: ['stg_crm_users', 'dim_accounts', 'fact_deals', 'mart_pipeline'],
      tests: ['not_null_dim_accounts_account_id', 'relationships_fact_deals_account_id', 'assert_pipeline_positive'],
    });
  });

  it('walks up from a test through what it reads', () => {
    expect(pick({ select: ['1+relationships_fact_deals_account_id'] }).models).toEqual(['dim_accounts', 'fact_deals']);
    expect(pick({ select: ['2+relationships_fact_deals_account_id'] }).models).toEqual(['stg_crm_accounts', 'stg_crm_deals', 'stg_crm_users', 'dim_accounts', 'fact_deals']);
  });
});

describe('selectNodes: set operations', () => {
  it('unions space-separated selectors, in one string or several', () => {
    const expected = ['stg_crm_deals', 'mart_pipeline'];
    expect(pick({ select: ['mart_pipeline stg_crm_deals'] }).models).toEqual(expected);
    expect(pick({ select: ['mart_pipeline', 'stg_crm_deals'] }).models).toEqual(expected);
  });

  it('intersects comma-joined selectors', () => {
    expect(pick({ select: ['+fact_deals,tag:staging'] }).models).toEqual(['stg_crm_accounts', 'stg_crm_deals', 'stg_crm_users']);
    expect(pick({ select: ['source:crm+,path:sql/dimensions'] }).models).toEqual(['dim_accounts']);
  });

  it('subtracts --exclude, with the tests of excluded models', () => {
    expect(pick({ select: ['dim_accounts+'], exclude: ['fact_deals'] })).toEqual({
      sources: [],
      models: ['dim_accounts', 'mart_pipeline'],
      tests: ['not_null_dim_accounts_account_id', 'assert_pipeline_positive'],
    });
    expect(pick({ exclude: ['tag:staging source:crm'] }).models).toEqual(['dim_accounts', 'fact_deals', 'mart_pipeline']);
  });

  it('excludes with intersections and operators', () => {
    expect(pick({ select: ['crm'], exclude: ['+mart_pipeline,tag:staging'] }).models).toEqual(['dim_accounts', 'fact_deals', 'mart_pipeline']);
  });
});

describe('selectNodes: errors', () => {
  it('names a model selector that matches nothing, with a suggestion', () => {
    expect(selectionError({ select: ['fact_deal'] })).toBe("--select: 'fact_deal' matches no model or test; did you mean 'fact_deals'?");
  });

  it('keeps the operators out of the suggestion but names the whole selector', () => {
    expect(selectionError({ select: ['+fact_deal+'] })).toBe("--select: '+fact_deal+' matches no model or test; did you mean 'fact_deals'?");
  });

  it('names an unknown tag, source and a name far from any other', () => {
    expect(selectionError({ select: ['tag:fatc'] })).toBe("--select: 'tag:fatc' matches no model; did you mean 'tag:fact'?");
    expect(selectionError({ select: ['source:crm.acounts'] })).toBe("--select: 'source:crm.acounts' matches no source; did you mean 'source:crm.accounts'?");
    expect(selectionError({ select: ['zzzzzzzzzz'] })).toBe("--select: 'zzzzzzzzzz' matches no model or test");
  });

  it('fails on a selector that matches nothing inside an intersection', () => {
    expect(selectionError({ select: ['tag:fact,tag:nope'] })).toBe("--select: 'tag:nope' matches no model");
  });

  it('fails on an --exclude that matches nothing', () => {
    expect(selectionError({ exclude: ['dim_acounts'] })).toBe("--exclude: 'dim_acounts' matches no model or test; did you mean 'dim_accounts'?");
  });

  it('names an unknown method', () => {
    expect(selectionError({ select: ['tga:fact'] })).toBe("--select: 'tga:fact' uses an unknown selector method 'tga'; did you mean 'tag:'?");
    expect(selectionError({ select: ['fqn:x'] })).toBe("--select: 'fqn:x' uses an unknown selector method 'fqn'; known methods: tag, path, source, state, result, config.materialized, resource_type, test_type, exposure");
  });

  it('rejects empty parts', () => {
    expect(selectionError({ select: ['tag:'] })).toBe("--select: 'tag:' has no value after 'tag:'");
    expect(selectionError({ select: ['+'] })).toBe("--select: '+' names no node");
    expect(selectionError({ select: ['a,,b'] })).toBe("--select: 'a,,b' has an empty selector around a comma");
  });
});
