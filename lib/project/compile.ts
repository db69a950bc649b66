/**
 * The one compiler: a parsed project in, the plan out (docs/architecture.md, "One project, one plan").
 * Every problem in the project is collected and thrown together as ProjectErrors. The same
 * project and options always give byte-identical plan JSON.
 */
import { createHash } from 'node:crypto';
import { PLAN_VERSION, type Plan, type PlanModel, type PlanSource, type TargetName } from '../plan/plan.ts';
import { compileExposures } from './compile-exposures.ts';
import { compileTests } from './compile-tests.ts';
import { compileUnitTests } from './compile-unit-tests.ts';
import { ErrorCollector } from './error-collector.ts';
import { checkedVars } from './checked-vars.ts';
import { scopeToCrmSystem } from './crm-system.ts';
import { DependencyGraph } from './graph.ts';
import { ProjectError } from './errors.ts';
import type { ColumnSpec, PostHookSpec, Project, ProjectLayer } from './project.ts';
import { fingerprintVars, withLogicFingerprints } from './logic-fingerprint.ts';
import { ProjectNodes, type ModelNode } from './project-nodes.ts';
import { compileSeed } from '../seeds/compile-seed.ts';
import { renderTemplate, scanTemplate, type TemplateScan } from './template.ts';

export interface CompileOptions {
  readonly target: TargetName;
  /** Overlaid on the project's `vars:` (CLI `--vars`). */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Where `vars` come from, for error messages. @default '--vars' */
  readonly varsOrigin?: string;
}

export function compileProject(project: Project, options: CompileOptions): Plan {
  const vars = sortedKeys(checkedVars(project.config.vars, options.vars ?? {}, options.varsOrigin ?? '--vars'));
  const scope = scopeToCrmSystem(project, vars);
  const nodes = new ProjectNodes(scope.project, options.target, vars, scope.providers);
  const errors = new ErrorCollector();

  const compiled = new Map<string, PlanModel>();
  for (const model of nodes.models.values()) {
    const plan = errors.attempt(() => compileModel(model, nodes));
    if (plan !== undefined) compiled.set(plan.id, plan);
  }
  checkLayerOrder(compiled, scope.project.config.layers, errors);
  const order = errors.attempt(() => buildOrder(compiled)) ?? [];
  const fingerprintNodes = new ProjectNodes(scope.project, options.target, fingerprintVars(vars), scope.providers);
  const models = withLogicFingerprints(
    order.map((id) => compiled.get(id) as PlanModel),
    (model) => (fingerprintNodes.vars === vars ? model : compileModel(fingerprintNodes.models.get(model.name) as ModelNode, fingerprintNodes)),
  );
  const tests = compileTests(nodes, order, errors, models);
  const exposures = compileExposures(nodes, errors);
  const unitTests = compileUnitTests(nodes, order, errors);
  errors.throwIfAny();

  return {
    planVersion: PLAN_VERSION,
    project: project.config.name,
    target: options.target,
    vars,
    layers: scope.project.config.layers.map((layer) => ({ name: layer.name, schema: layer.schema })),
    sources: nodes.landedSources().map((source): PlanSource => ({
      id: source.id,
      sourceName: source.spec.sourceName,
      tableName: source.spec.tableName,
      relation: source.relation,
      description: source.spec.description,
      columns: source.spec.columns.map(planColumn),
      ...(source.spec.freshness === undefined ? {} : { freshness: source.spec.freshness }),
    })),
    models,
    tests,
    exposures,
    ...(unitTests.length === 0 ? {} : { unitTests }),
    ...(project.docs === undefined
      ? {}
      : { docs: project.docs.map((doc) => ({ id: `doc.${project.config.name}.${doc.name}`, name: doc.name, path: doc.path, contents: doc.contents })) }),
  };
}

function compileModel(model: ModelNode, nodes: ProjectNodes): PlanModel {
  const { spec } = model;
  if (spec.seed !== undefined) return compileSeed(model, spec.seed, nodes.target);
  const scan = scanTemplate(spec.rawSql, spec.path, nodes.project.macros);
  const sql = renderTemplate(spec.rawSql, spec.path, nodes.templateContext({ self: model })).trim();
  const incrementalSql =
    spec.materialized === 'incremental'
      ? renderTemplate(spec.rawSql, spec.path, nodes.templateContext({ self: model, isIncremental: true })).trim()
      : undefined;
  const postHook = (spec.postHook ?? []).map((hook) => compilePostHook(hook, model, nodes));
  // Rendering succeeded, so every ref() and source() names a known node.
  const reads = [scan, ...postHook.map((hook) => hook.scan)];
  const sourcesRead = reads.flatMap((each) => each.sources).map((source) => nodes.sourceRead(source.sourceName, source.tableName));
  const modelIds = [
    ...reads.flatMap((each) => each.refs).map((ref) => nodes.models.get(ref.name)?.id ?? ref.name),
    ...sourcesRead.filter((node) => node?.kind === 'model').map((node) => node.id),
  ];
  const sourceIds = sourcesRead.filter((node) => node?.kind === 'source').map((node) => node.id);
  return {
    id: model.id,
    name: spec.name,
    path: spec.path,
    layer: spec.layer,
    relation: model.relation,
    description: spec.description,
    grain: spec.grain,
    config: {
      materialized: spec.materialized,
      tags: spec.tags,
      uniqueKey: spec.uniqueKey,
      ...(spec.incrementalStrategy === undefined ? {} : { incrementalStrategy: spec.incrementalStrategy }),
      ...(spec.onSchemaChange === undefined ? {} : { onSchemaChange: spec.onSchemaChange }),
      ...(postHook.length === 0 ? {} : { postHook: postHook.map((hook) => hook.sql) }),
      dist: spec.dist,
      sort: spec.sort,
      grants: spec.grants,
      ...(spec.contractEnforced === true ? { contract: { enforced: true } as const } : {}),
    },
    columns: spec.columns.map(planColumn),
    dependsOn: { models: [...new Set(modelIds)].sort(), sources: [...new Set(sourceIds)].sort() },
    sql,
    incrementalSql,
    checksum: createHash('sha256').update(spec.rawSql).digest('hex'),
  };
}

/**
 * A post_hook rendered like the model (`{{ this }}` is the published relation, which the runners read
 * as the relation being built), with what it reads; a problem is reported where the hook is written.
 */
function compilePostHook(hook: PostHookSpec, model: ModelNode, nodes: ProjectNodes): { sql: string; scan: TemplateScan } {
  try {
    const scan = scanTemplate(hook.sql, model.spec.path, nodes.project.macros);
    return { sql: renderTemplate(hook.sql, model.spec.path, nodes.templateContext({ self: model })).trim(), scan };
  } catch (error) {
    if (!(error instanceof ProjectError)) throw error;
    throw new ProjectError(hook.place, `post_hook of model '${model.spec.name}': ${error.detail}`);
  }
}

/** The pipeline builds the layers one after another, so a model cannot read a model of a later layer. */
function checkLayerOrder(compiled: ReadonlyMap<string, PlanModel>, layers: readonly ProjectLayer[], errors: ErrorCollector): void {
  const position = new Map(layers.map((layer, index) => [layer.name, index]));
  for (const model of compiled.values()) {
    for (const id of model.dependsOn.models) {
      const parent = compiled.get(id);
      if (parent === undefined || (position.get(parent.layer) ?? 0) <= (position.get(model.layer) ?? 0)) continue;
      errors.add(
        new ProjectError(
          model.path,
          `model '${model.name}' of layer '${model.layer}' reads '${parent.name}' of the later layer '${parent.layer}' (${parent.path}); the layers build in the order of models: in sql/project.yml (${layers.map((layer) => layer.name).join(', ')})`,
        ),
      );
    }
  }
}

function buildOrder(compiled: ReadonlyMap<string, PlanModel>): string[] {
  const graph = new DependencyGraph(
    [...compiled.values()].map((model) => ({
      id: model.id,
      name: model.name,
      path: model.path,
      // A model that failed to compile is already reported; leave it out rather than fail on it again.
      dependsOn: model.dependsOn.models.filter((id) => compiled.has(id)),
    })),
  );
  return graph.topologicalOrder();
}

function planColumn(column: ColumnSpec): PlanModel['columns'][number] {
  return { name: column.name, description: column.description, dataType: column.dataType };
}

function sortedKeys(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
