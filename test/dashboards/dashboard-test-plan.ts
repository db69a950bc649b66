/**
 * A plan holding only the marts a dashboard test needs, in the `marts` schema, and one exposure per
 * dashboard depending on some of them: enough for ExposureMarts and writeDashboards, nothing compiled.
 */
import { ExposureMarts } from '../../lib/dashboards/exposure-marts.ts';
import type { Plan, PlanExposure, PlanModel, TargetName } from '../../lib/plan/plan.ts';

export function martModel(name: string): PlanModel {
  return {
    id: `model.crm.${name}`,
    name,
    path: `sql/marts/${name}.sql`,
    layer: 'marts',
    relation: { schema: 'marts', name },
    config: { materialized: 'table', tags: [] },
    columns: [],
    dependsOn: { models: [], sources: [] },
    sql: 'select 1',
    checksum: 'x',
  };
}

export function testPlan(exposures: Readonly<Record<string, readonly string[]>>, options: { readonly target?: TargetName; readonly vars?: Record<string, unknown> } = {}): Plan {
  const names = [...new Set(Object.values(exposures).flat())].sort();
  return {
    planVersion: 1,
    layers: [{ name: 'marts', schema: 'marts' }],
    project: 'crm',
    target: options.target ?? 'duckdb',
    vars: { run_date: '2026-03-10', ...options.vars },
    sources: [],
    models: names.map(martModel),
    tests: [],
    exposures: Object.entries(exposures).map(
      ([name, marts]): PlanExposure => ({ id: `exposure.crm.${name}`, name, type: 'dashboard', dependsOn: { models: marts.map((mart) => `model.crm.${mart}`), sources: [] } }),
    ),
  };
}

/** The marts of exposure `name` of a test plan. */
export function martsOf(plan: Plan, name: string): ExposureMarts {
  const exposure = plan.exposures.find((each) => each.name === name);
  if (exposure === undefined) throw new Error(`test plan has no exposure ${name}`);
  return ExposureMarts.of(plan, exposure);
}
