/**
 * Compiles the project's tests into plan tests: generic tests declared in YAML on source tables
 * and models, and singular tests (`sql/tests/*.sql`). Tests on a model also get `auditSql`, the
 * same query reading the model's write-audit-publish relation, so it can be checked before publishing.
 */
import { auditRelation, qualified, type PlanTest, type Relation } from '../plan/plan.ts';
import { didYouMean } from './did-you-mean.ts';
import type { ErrorCollector } from './error-collector.ts';
import { ProjectError } from './errors.ts';
import { originPlace } from './origin-place.ts';
import { genericTestSql, relationshipsParent } from './generic-tests.ts';
import type { GenericTestSpec, SingularTestSpec } from './project.ts';
import type { ModelNode, ProjectNodes, SourceNode } from './project-nodes.ts';
import { renderTemplate, scanTemplate } from './template.ts';
import { genericTestName, TestNameRegistry } from './test-names.ts';

/** Arguments that may hold templating (`{{ var('run_date') }}`), rendered like model SQL. */
const RENDERED_ARGUMENTS = ['expression', 'min_value', 'max_value'] as const;

/**
 * Every test, grouped by what it is attached to (sources in project order, then models in
 * `modelOrder`), generic tests in declaration order before singular tests by name.
 */
export function compileTests(nodes: ProjectNodes, modelOrder: readonly string[], errors: ErrorCollector): PlanTest[] {
  const names = new TestNameRegistry();
  // Singular test names are their file names: claim them first so only generated names get suffixes.
  const singularSpecs = [...nodes.project.singularTests].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const singularNames = new Map(singularSpecs.map((spec) => [spec, names.claim(spec.name)]));
  const byAttachment = new Map<string, PlanTest[]>();
  const attach = (test: PlanTest | undefined): void => {
    if (test === undefined) return;
    byAttachment.set(test.attachedTo, [...(byAttachment.get(test.attachedTo) ?? []), test]);
  };

  const declared = (node: ModelNode | SourceNode): GenericTestSpec[] => [...node.spec.columns.flatMap((column) => column.tests), ...node.spec.tests];
  for (const source of nodes.sources.values()) {
    for (const spec of declared(source)) attach(errors.attempt(() => compileGenericTest(spec, source, nodes, names)));
  }
  for (const model of nodes.models.values()) {
    for (const spec of declared(model)) attach(errors.attempt(() => compileGenericTest(spec, model, nodes, names)));
  }
  const position = new Map(modelOrder.map((id, index) => [id, index]));
  for (const spec of singularSpecs) {
    attach(errors.attempt(() => compileSingularTest(spec, singularNames.get(spec) ?? spec.name, nodes, position)));
  }

  const attachmentOrder = [...[...nodes.sources.values()].map((source) => source.id), ...modelOrder];
  return attachmentOrder.flatMap((id) => byAttachment.get(id) ?? []);
}

function compileGenericTest(spec: GenericTestSpec, node: ModelNode | SourceNode, nodes: ProjectNodes, names: TestNameRegistry): PlanTest {
  const testedNode =
    node.kind === 'model'
      ? ({ kind: 'model', name: node.spec.name } as const)
      : ({ kind: 'source', sourceName: node.spec.sourceName, tableName: node.spec.tableName } as const);
  const rendered = renderArguments(spec, nodes);
  const parent = spec.testName === 'relationships' ? resolveParent(spec, nodes) : undefined;
  const sqlFor = (tested: Relation, parentRelation: Relation | undefined): string =>
    genericTestSql(rendered, { tested: qualified(tested), parent: parentRelation === undefined ? undefined : qualified(parentRelation) });
  const sql = sqlFor(node.relation, parent?.relation);
  // A model that references itself (users.manager_id -> users.user_id) is checked against its own new build.
  const auditSql =
    node.kind === 'model' ? sqlFor(auditRelation(node.relation), parent === node ? auditRelation(node.relation) : parent?.relation) : undefined;
  const name = names.claim(genericTestName(spec, testedNode));
  return {
    id: `test.${nodes.project.config.name}.${name}`,
    name,
    kind: 'generic',
    testName: spec.testName,
    severity: spec.severity,
    attachedTo: node.id,
    column: spec.column,
    dependsOn: dependencies([node, ...(parent === undefined ? [] : [parent])]),
    path: spec.origin.path,
    yamlPath: spec.origin.yamlPath,
    sql,
    auditSql,
  };
}

function compileSingularTest(spec: SingularTestSpec, name: string, nodes: ProjectNodes, modelPosition: ReadonlyMap<string, number>): PlanTest {
  const scan = scanTemplate(spec.rawSql, spec.path);
  const models = scan.refs.map((ref) => nodes.models.get(ref.name)).filter((model) => model !== undefined);
  const sources = scan.sources.map((source) => nodes.source(source.sourceName, source.tableName)).filter((source) => source !== undefined);
  const sql = renderTemplate(spec.rawSql, spec.path, nodes.templateContext()).trim();
  // The test can only run once everything it reads is built: after the last of its models.
  const attachedModel = models.reduce<ModelNode | undefined>(
    (latest, model) => (latest === undefined || (modelPosition.get(model.id) ?? -1) > (modelPosition.get(latest.id) ?? -1) ? model : latest),
    undefined,
  );
  const attachedTo = attachedModel ?? sources.at(-1);
  if (attachedTo === undefined) throw new ProjectError(spec.path, "a singular test must read a model with ref() or a source with source()");
  return {
    id: `test.${nodes.project.config.name}.${name}`,
    name,
    kind: 'singular',
    testName: spec.name,
    severity: spec.severity,
    attachedTo: attachedTo.id,
    dependsOn: dependencies([...models, ...sources]),
    path: spec.path,
    sql,
    auditSql: attachedModel === undefined ? undefined : renderTemplate(spec.rawSql, spec.path, nodes.templateContext({ audited: attachedModel })).trim(),
  };
}

function resolveParent(spec: GenericTestSpec, nodes: ProjectNodes): ModelNode | SourceNode {
  const reference = relationshipsParent(spec);
  const parent = nodes.resolve(reference);
  if (parent !== undefined) return parent;
  const detail =
    reference.kind === 'ref'
      ? `relationships 'to' names unknown model '${reference.name}'${didYouMean(reference.name, nodes.models.keys())}`
      : `relationships 'to' names unknown source '${reference.sourceName}.${reference.tableName}'` +
        didYouMean(`${reference.sourceName}.${reference.tableName}`, nodes.sources.keys());
  throw new ProjectError(originPlace(spec.origin), detail);
}

/** `where` and expression arguments may use `{{ var() }}`; their errors name the YAML place, not a line. */
function renderArguments(spec: GenericTestSpec, nodes: ProjectNodes): GenericTestSpec {
  const render = (text: string, what: string): string => {
    try {
      return renderTemplate(text, originPlace(spec.origin), nodes.templateContext());
    } catch (error) {
      if (error instanceof ProjectError) throw new ProjectError(originPlace(spec.origin), `${what}: ${error.detail}`);
      throw error;
    }
  };
  const args: Record<string, unknown> = { ...spec.args };
  for (const name of RENDERED_ARGUMENTS) {
    const value = args[name];
    if (typeof value === 'string') args[name] = render(value, name);
  }
  return { ...spec, args, where: spec.where === undefined ? undefined : render(spec.where, 'where') };
}

function dependencies(read: readonly (ModelNode | SourceNode)[]): PlanTest['dependsOn'] {
  const ids = (kind: 'model' | 'source'): string[] => [...new Set(read.filter((node) => node.kind === kind).map((node) => node.id))].sort();
  return { models: ids('model'), sources: ids('source') };
}
