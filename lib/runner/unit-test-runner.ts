/**
 * Runs a plan's unit tests (plan.unitTests) in `test` and `build`. A unit test's SQL reads only
 * the rows it gives, so the tests run first, side by side, before anything is built or checked.
 * Each result is a node of the run (console line, counts, `audit.model_runs`) and a row of
 * `audit.check_results` whose sample is the row diff. As in `dbt build`, a model whose unit test
 * did not pass is not built: the test becomes an upstream of the model, so the scheduler skips the
 * model and everything downstream of it.
 */
import type { Engine, Row } from '../engines/engine.ts';
import type { Plan, PlanUnitTest } from '../plan/plan.ts';
import { runInDependencyOrder, type NodeOutcome } from './dag-scheduler.ts';
import { errorMessage } from './error-message.ts';
import type { EventNode } from './run-events.ts';
import type { RunGraph, RunMode } from './run-graph.ts';
import type { RunRecorder } from './run-recorder.ts';
import type { TestCheck } from './test-check.ts';
import { compareUnitTestRows, isEmptyDiff } from './unit-test-comparison.ts';
import { diffMessage, diffSample } from './unit-test-diff-report.ts';

/** The selected unit tests a mode runs, in plan order: none in `run`, as in dbt. */
export function unitTestsToRun(plan: Plan, mode: RunMode, unitTestIds: readonly string[] | undefined): PlanUnitTest[] {
  if (mode === 'run' || unitTestIds === undefined) return [];
  const selected = new Set(unitTestIds);
  return (plan.unitTests ?? []).filter((test) => selected.has(test.id));
}

/** The graph with each model waiting on its unit tests, so a failed one skips the model. */
export function gateModelsOnUnitTests(graph: RunGraph, unitTests: readonly PlanUnitTest[]): RunGraph {
  if (unitTests.length === 0) return graph;
  const nodes = graph.nodes.map((node) => {
    if (node.kind !== 'model') return node;
    const gates = unitTests.filter((test) => test.model === node.id).map((test) => test.id);
    return gates.length === 0 ? node : { ...node, upstream: [...node.upstream, ...gates] };
  });
  return { ...graph, nodes };
}

/** Runs every unit test; resolves with their outcomes, for the scheduler phases that follow. */
export async function runUnitTests(
  engine: Engine,
  unitTests: readonly PlanUnitTest[],
  recorder: RunRecorder,
): Promise<Map<string, NodeOutcome>> {
  const nodes = unitTests.map((test) => ({ id: test.id, upstream: [], test }));
  return runInDependencyOrder(nodes, engine.concurrency, {
    run: async ({ test }) => {
      const started = recorder.start(unitTestEventNode(test));
      const check = await checkUnitTest(engine, test);
      await recorder.finishTest(started, { id: test.id, name: test.name, attachedTo: test.model, severity: 'error' }, check, 'unit_test');
      return check.status === 'pass';
    },
    // Unit tests wait on nothing, so the scheduler never skips one.
    skip: async () => {},
  });
}

export async function checkUnitTest(engine: Engine, test: PlanUnitTest): Promise<TestCheck> {
  let returned: Row[];
  try {
    returned = await engine.query(test.sql);
  } catch (error) {
    return { status: 'error', failures: 0, sample: [], message: errorMessage(error) };
  }
  const diff = compareUnitTestRows(returned, test.expected);
  if (isEmptyDiff(diff)) return { status: 'pass', failures: 0, sample: [] };
  const returnedColumns = Object.keys(returned[0] ?? {});
  return {
    status: 'fail',
    // A missing column fails every expected row.
    failures: diff.missingColumns.length > 0 ? Math.max(1, test.expected.rows.length) : diff.missing.length + diff.unexpected.length,
    sample: diffSample(diff),
    message: diffMessage(diff, test.expected.columns, returnedColumns),
  };
}

function unitTestEventNode(test: PlanUnitTest): EventNode {
  return { id: test.id, name: test.name, resourceType: 'unit_test' };
}
