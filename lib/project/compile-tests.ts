/**
 * Compiles the project's tests into plan tests: generic tests declared in YAML on source tables
 * and models, and singular tests (`sql/tests/*.sql`). Tests on a model also get `auditSql`, the
 * same query reading the model's write-audit-publish relation, so it can be checked before publishing.
 */
import { auditRelation, relationText, type PlanModel, type PlanTest, type Relation } from '../plan/plan.ts';
import type { ErrorCollector } from './error-collector.ts';
import { ProjectError } from './errors.ts';
import { originPlace } from './origin-place.ts';
import { genericTestSql, isBuiltinTest, relatedNode, relatedNodeArgument } from './generic-tests.ts';
import { failureAggregate } from './test-failure-aggregates.ts';
import { incrementAuditFor, landedAuditFor } from './increment-audit.ts';
import type { GenericTestSpec, SingularTestSpec } from './project.ts';
import type { ModelNode, ProjectNodes, SourceNode } from './project-nodes.ts';
import { unknownModelMessage, unknownSourceMessage } from './reference-messages.ts';
import { renderTemplate, scanTemplate, type TemplateContext } from './template.ts';
import { customTestSql, scanCustomTest } from './test-custom-sql.ts';
import { TestColumns } from './test-columns.ts';
import type { TestRunConfig } from './test-config.ts';
import { genericTestName, storeFailuresRelation, TestNameRegistry } from './test-names.ts';

/** Arguments that may hold templating (`{{ var('run_date') }}`), rendered like model SQL. */
const RENDERED_ARGUMENTS = ['expression', 'min_value', 'max_value', 'row_condition', 'from_condition', 'to_condition'] as const;

/**
 * Every test, grouped by what it is attached to (sources in project order, then models in
 * `modelOrder`), generic tests in declaration order before singular tests by name.
 *
 * A test is attached to the last-built model it reads, because only then can it run; a test that
 * reads only sources is attached to the source it tests (or the last one it reads). So a
 * relationships test from `fact_deal_stage_history` to `fact_deals`, which is built later, audits
 * the new `fact_deals` against the published history.
 */
export function compileTests(nodes: ProjectNodes, modelOrder: readonly string[], errors: ErrorCollector, models: readonly PlanModel[] = []): PlanTest[] {
  const names = new TestNameRegistry();
  const columns = new TestColumns(models, nodes);
  const planModels = new Map(models.map((model) => [model.id, model]));
  // Singular test names are their file names: claim them first so only generated names get suffixes.
  const singularSpecs = [...nodes.project.singularTests].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const singularNames = new Map(singularSpecs.map((spec) => [spec, names.claim(spec.name)]));
  const byAttachment = new Map<string, PlanTest[]>();
  const attach = (test: PlanTest | undefined): void => {
    if (test === undefined) return;
    byAttachment.set(test.attachedTo, [...(byAttachment.get(test.attachedTo) ?? []), test]);
  };

  const position = new Map(modelOrder.map((id, index) => [id, index]));
  const declared = (node: ModelNode | SourceNode): GenericTestSpec[] => [...node.spec.columns.flatMap((column) => column.tests), ...node.spec.tests];
  // A contract table that a CRM system's model provides is not landed: the tests of that model's rows are the staging tests.
  for (const node of [...nodes.landedSources(), ...nodes.models.values()]) {
    for (const spec of declared(node)) attach(errors.attempt(() => compileGenericTest(spec, node, nodes, names, position, columns, planModels)));
  }
  for (const spec of singularSpecs) {
    attach(errors.attempt(() => compileSingularTest(spec, singularNames.get(spec) ?? spec.name, nodes, position)));
  }

  const attachmentOrder = [...[...nodes.sources.values()].map((source) => source.id), ...modelOrder];
  return attachmentOrder.flatMap((id) => byAttachment.get(id) ?? []);
}

function compileGenericTest(
  spec: GenericTestSpec,
  node: ModelNode | SourceNode,
  nodes: ProjectNodes,
  names: TestNameRegistry,
  modelPosition: ReadonlyMap<string, number>,
  columns: TestColumns,
  planModels: ReadonlyMap<string, PlanModel>,
): PlanTest {
  const testedNode =
    node.kind === 'model'
      ? ({ kind: 'model', name: node.spec.name } as const)
      : ({ kind: 'source', sourceName: node.spec.sourceName, tableName: node.spec.tableName } as const);
  const rendered = renderArguments(spec, nodes);
  const parent = resolveRelatedNode(spec, nodes);
  columns.check(spec, node, parent);
  const custom = !isBuiltinTest(spec.testName);
  const read = [node, ...(parent === undefined ? [] : [parent]), ...(custom ? bodyReads(rendered, nodes) : [])];
  const attached = lastBuilt(read, modelPosition);
  const sqlFor = (relationOf: (read: ModelNode | SourceNode) => Relation, context: TemplateContext): string =>
    custom
      ? customTestSql(rendered, relationText(relationOf(node), nodes.target), context, nodes.project)
      : genericTestSql(rendered, {
          target: nodes.target,
          tested: relationText(relationOf(node), nodes.target),
          parent: parent === undefined ? undefined : relationText(relationOf(parent), nodes.target),
          runDate: runDate(nodes),
        });
  const sql = sqlFor((read) => read.relation, nodes.templateContext());
  // Only the attached model is read under its audit name: everything else it reads is already published.
  // A model that references itself (users.manager_id -> users.user_id) is checked against its own new build.
  const auditSql =
    attached === undefined
      ? undefined
      : sqlFor((read) => (read === attached ? auditRelation(read.relation) : read.relation), nodes.templateContext({ audited: attached }));
  const name = names.claim(genericTestName(spec, testedNode));
  const attachedNode = attached ?? node;
  // A test reading one relation, its own, which it is attached to unless that is a source.
  const aggregate = custom || parent !== undefined ? undefined : failureAggregate(rendered, { target: nodes.target, tested: node.relation, audited: attached !== undefined });
  const attachedModel = attached === undefined ? undefined : planModels.get(attached.id);
  const runConfig = runConfigFields(spec.config, name, attachedNode);
  // A test that stores its failures must store all of them, so it always reads the whole relation.
  const readsOneRelation = !custom && parent === undefined && runConfig.storeFailuresIn === undefined;
  const id = `test.${nodes.project.config.name}.${name}`;
  const incrementAudit = readsOneRelation && attachedModel !== undefined ? incrementAuditFor(rendered, attachedModel, nodes.target) : undefined;
  const landedAudit = readsOneRelation && node.kind === 'source' && attached === undefined ? landedAuditFor(rendered, node.relation, nodes.target) : undefined;
  return {
    id,
    name,
    kind: 'generic',
    testName: spec.testName,
    severity: spec.severity,
    attachedTo: attachedNode.id,
    column: spec.column,
    dependsOn: dependencies([...new Set(read)]),
    path: spec.origin.path,
    yamlPath: spec.origin.yamlPath,
    sql,
    auditSql,
    ...runConfig,
    ...(aggregate === undefined ? {} : { failureAggregate: aggregate }),
    ...(incrementAudit === undefined ? {} : { incrementAudit }),
    ...(landedAudit === undefined ? {} : { landedAudit }),
  };
}

function compileSingularTest(spec: SingularTestSpec, name: string, nodes: ProjectNodes, modelPosition: ReadonlyMap<string, number>): PlanTest {
  const scan = scanTemplate(spec.rawSql, spec.path, nodes.project.macros);
  const models = scan.refs.map((ref) => nodes.models.get(ref.name)).filter((model) => model !== undefined);
  const read = scan.sources.map((source) => nodes.sourceRead(source.sourceName, source.tableName));
  const sources = read.filter((node) => node?.kind === 'source');
  models.push(...read.filter((node) => node?.kind === 'model'));
  const sql = renderTemplate(spec.rawSql, spec.path, nodes.templateContext()).trim();
  const attachedModel = lastBuilt(models, modelPosition);
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
    ...runConfigFields(spec.config, name, attachedTo),
  };
}

/** The plan's fields for dbt's warn_if, error_if, limit and store_failures; none at their defaults. */
function runConfigFields(config: TestRunConfig | undefined, name: string, attachedTo: ModelNode | SourceNode): Partial<PlanTest> {
  if (config === undefined) return {};
  return {
    ...(config.warnIf === undefined ? {} : { warnIf: config.warnIf }),
    ...(config.errorIf === undefined ? {} : { errorIf: config.errorIf }),
    ...(config.limit === undefined ? {} : { limit: config.limit }),
    ...(config.storeFailures === true ? { storeFailuresIn: storeFailuresRelation(name, attachedTo.relation.schema) } : {}),
  };
}

/** The models and sources the body of a project's own test reads with ref() and source(). */
function bodyReads(spec: GenericTestSpec, nodes: ProjectNodes): (ModelNode | SourceNode)[] {
  const scan = scanCustomTest(spec, nodes.project);
  return [
    ...scan.refs.map((ref) => nodes.models.get(ref.name)),
    ...scan.sources.map((source) => nodes.sourceRead(source.sourceName, source.tableName)),
  ].filter((read) => read !== undefined);
}

/** The model among `read` that is built last; undefined when it reads no model. */
function lastBuilt(read: readonly (ModelNode | SourceNode)[], modelPosition: ReadonlyMap<string, number>): ModelNode | undefined {
  let latest: ModelNode | undefined;
  for (const node of read) {
    if (node.kind !== 'model') continue;
    if (latest === undefined || (modelPosition.get(node.id) ?? -1) > (modelPosition.get(latest.id) ?? -1)) latest = node;
  }
  return latest;
}

function resolveRelatedNode(spec: GenericTestSpec, nodes: ProjectNodes): ModelNode | SourceNode | undefined {
  const reference = relatedNode(spec);
  if (reference === undefined) return undefined;
  const parent = reference.kind === 'ref' ? nodes.resolve(reference) : nodes.sourceRead(reference.sourceName, reference.tableName);
  if (parent !== undefined) return parent;
  const detail =
    reference.kind === 'ref'
      ? unknownModelMessage(reference.name, nodes.models.keys())
      : unknownSourceMessage(reference.sourceName, reference.tableName, nodes.sources.keys());
  throw new ProjectError(originPlace(spec.origin), `${spec.testName} ${relatedNodeArgument(spec.testName) ?? 'to'}: ${detail}`);
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
  // Every string argument of a project's own test may be templated, as dbt renders a test's arguments.
  for (const name of isBuiltinTest(spec.testName) ? RENDERED_ARGUMENTS : Object.keys(args)) {
    const value = args[name];
    if (typeof value === 'string') args[name] = render(value, name);
  }
  return { ...spec, args, where: spec.where === undefined ? undefined : render(spec.where, 'where') };
}

/** The run date recency measures from; undefined when the project declares no `run_date` var. */
function runDate(nodes: ProjectNodes): string | undefined {
  const value = nodes.vars.run_date;
  return value === undefined ? undefined : String(value);
}

function dependencies(read: readonly (ModelNode | SourceNode)[]): PlanTest['dependsOn'] {
  const ids = (kind: 'model' | 'source'): string[] => [...new Set(read.filter((node) => node.kind === kind).map((node) => node.id))].sort();
  return { models: ids('model'), sources: ids('source') };
}
