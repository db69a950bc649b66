/**
 * Compiles the project's unit tests into plan unit tests: the model under test is rendered as for
 * a full build (or, under `overrides: macros: is_incremental: true`, as its increment, `{{ this }}`
 * being the rows given as `input: this`), with the test's vars laid over the project's, and with
 * every `ref()` and `source()` pointing at a CTE of the rows the test gives. The SQL reads nothing in the warehouse, so a unit
 * test runs the same on an empty warehouse as on a full one, and before anything is built.
 */
import type { PlanColumn, PlanUnitTest, TargetName, UnitTestValue } from '../plan/plan.ts';
import type { ErrorCollector } from './error-collector.ts';
import { ProjectError } from './errors.ts';
import { LOAD_COLUMNS as LANDING_LOAD_COLUMNS } from '../landing/load-columns.ts';
import { withLeadingCtes, type CommonTableExpression } from './leading-ctes.ts';
import type { NodeReference } from './node-reference.ts';
import { originPlace } from './origin-place.ts';
import type { UnitTestInput, UnitTestSpec, UnitTestThisInput } from './project.ts';
import type { ModelNode, ProjectNodes, SourceNode } from './project-nodes.ts';
import { renderTemplate } from './template.ts';
import { fixtureSql } from './unit-test-fixture-sql.ts';
import { referenceText } from './unit-test-references.ts';

/** By the model's position in `modelOrder` (the plan's model order), then as declared. */
export function compileUnitTests(nodes: ProjectNodes, modelOrder: readonly string[], errors: ErrorCollector): PlanUnitTest[] {
  const position = new Map(modelOrder.map((id, index) => [id, index]));
  const compiled: PlanUnitTest[] = [];
  for (const spec of nodes.project.unitTests ?? []) {
    const test = errors.attempt(() => compileUnitTest(spec, nodes));
    if (test !== undefined) compiled.push(test);
  }
  // Array.prototype.sort is stable, so tests of one model keep their declaration order.
  return compiled.sort((a, b) => (position.get(a.model) ?? -1) - (position.get(b.model) ?? -1));
}

function compileUnitTest(spec: UnitTestSpec, nodes: ProjectNodes): PlanUnitTest {
  const place = originPlace(spec.origin);
  const model = nodes.models.get(spec.model);
  // The loader has checked the model and the inputs; this guards against a hand-built Project.
  if (model === undefined) throw new ProjectError(`${place}.model`, `unknown model '${spec.model}'`);
  const incremental = spec.isIncremental ?? false;
  if (incremental && model.spec.materialized !== 'incremental') {
    throw new ProjectError(`${place}.overrides.macros.is_incremental`, `model '${model.spec.name}' is materialized as ${model.spec.materialized}, so it has no increment to test`);
  }
  const inputs = spec.given.map((input) => ({ input, node: resolveInput(input, nodes) }));
  const ctes: CommonTableExpression[] = inputs.map(({ input, node }) => ({ name: cteName(input.reference), sql: inputSql(input, node, nodes.target) }));
  if (spec.thisInput !== undefined) ctes.push({ name: THIS_CTE, sql: thisSql(spec.thisInput, model, nodes.target) });
  const cteOf = (reference: NodeReference): string | undefined => {
    const text = referenceText(reference);
    const given = inputs.find(({ input }) => referenceText(input.reference) === text);
    return given === undefined ? undefined : cteName(given.input.reference);
  };

  const base = nodes.templateContext({ self: model });
  let rendered: string;
  try {
    rendered = renderTemplate(model.spec.rawSql, model.spec.path, {
      ...base,
      vars: { ...base.vars, ...spec.vars },
      isIncremental: incremental,
      ...(spec.thisInput === undefined ? {} : { self: THIS_CTE }),
      // The given rows of a source are what landed since the last build.
      ...(base.landedKeys === undefined ? {} : { landedKeys: { since: 'every given row' } as const }),
      resolveRef: (name) => cteOf({ kind: 'ref', name }),
      resolveSource: (sourceName, tableName) => cteOf({ kind: 'source', sourceName, tableName }),
    }).trim();
  } catch (error) {
    if (error instanceof ProjectError) throw new ProjectError(place, `rendering ${model.spec.name} for this test: ${error.message}`);
    throw error;
  }

  const expected = expectedRows(spec);
  return {
    id: `unit_test.${nodes.project.config.name}.${spec.name}`,
    name: spec.name,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    model: model.id,
    given: [...new Set(inputs.map(({ node }) => node.id))].sort(),
    path: spec.origin.path,
    yamlPath: spec.origin.yamlPath,
    sql: withLeadingCtes(rendered, ctes),
    expected,
  };
}

function resolveInput(input: UnitTestInput, nodes: ProjectNodes): ModelNode | SourceNode {
  const node = nodes.resolve(input.reference);
  if (node === undefined) throw new ProjectError(originPlace(input.origin), `unknown input '${input.input}'`);
  return node;
}

function inputSql(input: UnitTestInput, node: ModelNode | SourceNode, target: TargetName): string {
  if (input.fixture.format === 'sql') return input.fixture.sql;
  const declared: readonly PlanColumn[] = node.kind === 'source' ? [...node.spec.columns, ...LANDING_LOAD_COLUMNS] : node.spec.columns;
  return fixtureSql({
    target,
    rows: input.fixture.rows,
    declared,
    complete: node.kind === 'source',
    what: referenceText(input.reference),
    place: originPlace(input.origin),
    declaredIn: node.kind === 'source' ? node.spec.origin.path : (node.spec.origin?.path ?? `a schema.yml entry for ${node.spec.name}`),
  });
}

/** The rows of the model's own table (`input: this`), typed by its declared columns. */
function thisSql(input: UnitTestThisInput, model: ModelNode, target: TargetName): string {
  if (input.fixture.format === 'sql') return input.fixture.sql;
  return fixtureSql({
    target,
    rows: input.fixture.rows,
    declared: model.spec.columns,
    complete: false,
    what: 'this',
    place: originPlace(input.origin),
    declaredIn: model.spec.origin?.path ?? `a schema.yml entry for ${model.spec.name}`,
  });
}

const THIS_CTE = '__given_this';

/** Names no model CTE uses; a source's two parts stay apart so `crm.deals` and a model `crm_deals` cannot meet. */
function cteName(reference: NodeReference): string {
  return reference.kind === 'ref' ? `__given_model__${reference.name}` : `__given_source__${reference.sourceName}__${reference.tableName}`;
}

/** The compared columns are every column any expected row names; a row that leaves one out expects null, as in dbt. */
function expectedRows(spec: UnitTestSpec): PlanUnitTest['expected'] {
  const columns: string[] = [];
  for (const row of spec.expect) for (const column of Object.keys(row)) if (!columns.includes(column)) columns.push(column);
  const rows = spec.expect.map((row) => Object.fromEntries(columns.map((column): [string, UnitTestValue] => [column, row[column] ?? null])));
  return { columns, rows };
}
