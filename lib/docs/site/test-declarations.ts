/**
 * The node each generic test was written on. The plan attaches a test to the model whose build it
 * audits, which for `relationships` is whichever of its two relations is built last: a test declared
 * on fact_activities.deal_id (to fact_deals) is attached to fact_deals. The docs show a test on the
 * model and column it was declared on, found through the test's YAML origin in the project.
 */
import type { Plan } from '../../plan/plan.ts';
import type { GenericTestSpec, Project } from '../../project/project.ts';

/** Test id → id of the model or source whose YAML entry declares it; tests not found are left out. */
export function testDeclarations(project: Project, plan: Plan): Map<string, string> {
  const declaredOn = new Map<string, string>();
  const record = (specs: readonly GenericTestSpec[], nodeId: string | undefined): void => {
    if (nodeId === undefined) return;
    for (const spec of specs) declaredOn.set(originKey(spec.origin.path, spec.origin.yamlPath), nodeId);
  };
  const modelIds = new Map(plan.models.map((model) => [model.name, model.id]));
  for (const model of project.models) {
    const id = modelIds.get(model.name);
    record(model.tests, id);
    for (const column of model.columns) record(column.tests, id);
  }
  for (const source of project.sources) {
    const id = plan.sources.find((candidate) => candidate.sourceName === source.sourceName && candidate.tableName === source.tableName)?.id;
    record(source.tests, id);
    for (const column of source.columns) record(column.tests, id);
  }
  const byTest = new Map<string, string>();
  for (const test of plan.tests) {
    if (test.kind !== 'generic') continue;
    const node = declaredOn.get(originKey(test.path, test.yamlPath));
    if (node !== undefined) byTest.set(test.id, node);
  }
  return byTest;
}

function originKey(path: string, yamlPath: string | undefined): string {
  return `${path}\u0000${yamlPath ?? ''}`;
}
