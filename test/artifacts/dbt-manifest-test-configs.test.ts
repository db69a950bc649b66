import { describe, expect, it } from 'vitest';
import { dbtManifest } from '../../lib/artifacts/dbt-manifest.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { docsPlan } from '../docs/docs-plan-fixture.ts';

function testNode(plan: Plan, id: string): { config: unknown; relation_name: unknown } | undefined {
  const manifest = dbtManifest(plan, 'invocation-1', new Date('2026-11-25T08:00:00Z')) as { nodes: Record<string, { config: unknown; relation_name: unknown }> };
  return manifest.nodes[id];
}

describe("dbt's manifest of a data test", () => {
  it("carries warn_if, error_if, limit and store_failures as dbt writes them, and the stored failures' table as the test's relation", () => {
    const plan = docsPlan();
    const [first] = plan.tests;
    if (first === undefined) throw new Error('the fixture has no test');
    const configured: Plan = {
      ...plan,
      tests: plan.tests.map((test) =>
        test.id === first.id
          ? { ...test, errorIf: { operator: '>', value: 10 }, limit: 100, storeFailuresIn: { schema: 'analytics_dbt_test__audit', name: test.name } }
          : test,
      ),
    };
    expect(testNode(configured, first.id)).toMatchObject({
      config: { warn_if: '!= 0', error_if: '> 10', limit: 100, store_failures: true, schema: 'analytics_dbt_test__audit' },
      relation_name: `analytics_dbt_test__audit.${first.name}`,
    });
    expect(testNode(plan, first.id)).toMatchObject({ config: { warn_if: '!= 0', error_if: '!= 0', limit: null, store_failures: null }, relation_name: null });
  });
});
