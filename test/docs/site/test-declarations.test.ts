import { describe, expect, it } from 'vitest';
import { testDeclarations } from '../../../lib/docs/site/test-declarations.ts';
import type { PlanTest } from '../../../lib/plan/plan.ts';
import type { GenericTestSpec, ModelSpec, Project, SourceTableSpec } from '../../../lib/project/project.ts';
import { docsPlan } from '../docs-plan-fixture.ts';

const spec = (path: string, yamlPath: string): GenericTestSpec => ({ testName: 'not_null', severity: 'error', args: {}, origin: { path, yamlPath } });

describe('testDeclarations', () => {
  it('finds the model or source whose YAML entry declares each generic test', () => {
    const plan = docsPlan();
    const first = plan.tests[0] as PlanTest;
    const tests = [
      ...plan.tests,
      // Declared on stg_crm_deals.deal_id, attached by the plan to fact_deals (built later).
      { ...first, id: 'test.crm.relationships_x', kind: 'generic' as const, attachedTo: 'model.crm.fact_deals', path: 'sql/staging/schema.yml', yamlPath: 'models[0].columns[0].tests[1]' },
      { ...first, id: 'test.crm.undeclared', kind: 'generic' as const, path: 'sql/other.yml', yamlPath: 'models[0].tests[0]' },
    ];
    const staging = {
      name: 'stg_crm_deals',
      tests: [spec('sql/staging/schema.yml', 'models[0].tests[0]')],
      columns: [{ name: 'deal_id', tests: [spec('sql/staging/schema.yml', 'models[0].columns[0].tests[0]'), spec('sql/staging/schema.yml', 'models[0].columns[0].tests[1]')] }],
    } as unknown as ModelSpec;
    const source = {
      sourceName: 'crm',
      tableName: 'deals',
      tests: [],
      columns: [{ name: 'deal_id', tests: [spec('sql/sources.yml', 'sources[0].tables[0].columns[0].tests[0]')] }],
    } as unknown as SourceTableSpec;
    const project = { models: [staging], sources: [source] } as unknown as Project;
    const withOrigins = {
      ...plan,
      tests: tests.map((test) =>
        test.id === 'test.crm.source_not_null_crm_deals_deal_id' ? { ...test, path: 'sql/sources.yml', yamlPath: 'sources[0].tables[0].columns[0].tests[0]' } : test.id === 'test.crm.unique_stg_crm_deals_deal_id' ? { ...test, yamlPath: 'models[0].columns[0].tests[0]' } : test,
      ),
    };
    expect(Object.fromEntries(testDeclarations(project, withOrigins))).toEqual({
      'test.crm.unique_stg_crm_deals_deal_id': 'model.crm.stg_crm_deals',
      'test.crm.relationships_x': 'model.crm.stg_crm_deals',
      'test.crm.source_not_null_crm_deals_deal_id': 'source.crm.deals',
    });
  });
});
