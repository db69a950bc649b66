/**
 * Which nodes a run executes and in what dependency order, per mode:
 * - `run`: the selected models, each audited by its selected error-severity tests before publishing.
 * - `build`: the same, after the selected source tests (phase one; a failing error-severity
 *   source test skips the models that read that source, as in dbt), and followed by every other
 *   selected test against the published relations once the models it reads are done. A view's
 *   warn tests are audit tests too when they read nothing the view does not already wait for:
 *   its staged build is a snapshot table (model-publisher.ts), and checking that once stored is
 *   far cheaper than re-running the view's query for every test.
 * - `test`: the selected source tests, then every other selected test, against what is published.
 */
import type { Plan, PlanModel, PlanTest } from '../plan/plan.ts';
import type { ScheduledNode } from './dag-scheduler.ts';

export type RunMode = 'run' | 'test' | 'build';

export interface ModelNode extends ScheduledNode {
  readonly kind: 'model';
  readonly model: PlanModel;
  /**
   * Tests run against the staged build: an error-severity one that fails blocks publishing;
   * a warn one (of a view, or of an incremental model's own rows, in `build` mode) only reports.
   */
  readonly auditTests: readonly PlanTest[];
}

export interface TestNode extends ScheduledNode {
  readonly kind: 'test';
  readonly test: PlanTest;
}

export type RunNode = ModelNode | TestNode;

export interface RunGraph {
  /** Run to completion before `nodes`; their outcomes feed the upstream of `nodes`. */
  readonly sourceTests: readonly TestNode[];
  readonly nodes: readonly RunNode[];
  /** Every node that gets an event index, audit tests included. */
  readonly total: number;
}

export interface Selection {
  readonly modelIds: readonly string[];
  readonly testIds: readonly string[];
}

export function buildRunGraph(plan: Plan, mode: RunMode, selection: Selection): RunGraph {
  const selectedModelIds = new Set(selection.modelIds);
  const selectedTestIds = new Set(selection.testIds);
  const sourceIds = new Set(plan.sources.map((source) => source.id));
  const tests = plan.tests.filter((test) => selectedTestIds.has(test.id));
  const isSourceTest = (test: PlanTest): boolean => sourceIds.has(test.attachedTo);

  const sourceTests = mode === 'run' ? [] : tests.filter(isSourceTest).map((test) => testNode(test, []));
  if (mode === 'test') {
    const published = tests.filter((test) => !isSourceTest(test)).map((test) => testNode(test, []));
    return { sourceTests, nodes: published, total: sourceTests.length + published.length };
  }

  const models = plan.models.filter((model) => selectedModelIds.has(model.id));
  const modelsById = new Map(models.map((model) => [model.id, model]));
  const isAuditTest = (test: PlanTest): boolean => {
    const model = modelsById.get(test.attachedTo);
    if (model === undefined) return false;
    if (test.severity === 'error') return true;
    // A warn test of an incremental model's own rows is checked with its error tests, where it can read
    // only what an increment changed (PlanTest.incrementAudit); it reads nothing else, so it adds no edge.
    if (mode === 'build' && test.incrementAudit !== undefined) return true;
    // A warn test never adds an upstream edge: a model it reads failing must not skip the view.
    return (
      mode === 'build' &&
      model.config.materialized === 'view' &&
      test.dependsOn.models.every((id) => id === model.id || model.dependsOn.models.includes(id))
    );
  };
  const modelNodes = models.map((model): ModelNode => {
    const sourceTestIds = sourceTests
      .filter((node) => model.dependsOn.sources.includes(node.test.attachedTo))
      .map((node) => node.id);
    const auditTests = tests.filter((test) => test.attachedTo === model.id && isAuditTest(test));
    // An audit test may read other models (a test is attached to the last-built model it reads):
    // they must be published before it runs, even when this model does not depend on them.
    // They all come earlier in plan order, so these edges cannot form a cycle.
    const readByAuditTests = auditTests.flatMap((test) => test.dependsOn.models).filter((id) => id !== model.id);
    return {
      kind: 'model',
      id: model.id,
      upstream: [...unique([...model.dependsOn.models, ...readByAuditTests]).filter((id) => selectedModelIds.has(id)), ...sourceTestIds],
      model,
      auditTests,
    };
  });
  const auditTestCount = modelNodes.reduce((count, node) => count + node.auditTests.length, 0);
  if (mode === 'run') return { sourceTests, nodes: modelNodes, total: modelNodes.length + auditTestCount };

  const publishedTests = tests
    .filter((test) => !isSourceTest(test) && !isAuditTest(test))
    .map((test) =>
      testNode(
        test,
        unique([test.attachedTo, ...test.dependsOn.models]).filter((id) => selectedModelIds.has(id)),
      ),
    );
  const nodes = interleaveTests(modelNodes, publishedTests);
  return { sourceTests, nodes, total: sourceTests.length + nodes.length + auditTestCount };
}

/**
 * Lists each test right after the last model it waits for, so that when a slot frees up the
 * scheduler (which starts ready nodes in list order) checks a fresh model before building on.
 */
function interleaveTests(models: readonly ModelNode[], tests: readonly TestNode[]): RunNode[] {
  const position = new Map(models.map((node, index) => [node.id, index]));
  const lastUpstream = (test: TestNode): number => Math.max(-1, ...test.upstream.map((id) => position.get(id) ?? -1));
  const ordered: RunNode[] = tests.filter((test) => lastUpstream(test) === -1);
  models.forEach((model, index) => {
    ordered.push(model, ...tests.filter((test) => lastUpstream(test) === index));
  });
  return ordered;
}

function testNode(test: PlanTest, upstream: readonly string[]): TestNode {
  return { kind: 'test', id: test.id, upstream, test };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
