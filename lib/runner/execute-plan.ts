/**
 * Executes a compiled, selected plan on an engine: the local CLI's `run`, `test` and `build`.
 * Which nodes run is decided in run-graph.ts, the order and parallelism in dag-scheduler.ts,
 * how a model is put in place in model-publisher.ts, and what is recorded in run-recorder.ts.
 */
import { auditTableStatements } from '../audit/audit-tables.ts';
import type { Engine } from '../engines/engine.ts';
import { qualified } from '../plan/plan.ts';
import type { Plan, PlanModel, PlanTest } from '../plan/plan.ts';
import { runInDependencyOrder } from './dag-scheduler.ts';
import { narrowedTests, priorVerdictsQuery, testStateInsert, type RecordedVerdict } from './increment-audit-state.ts';
import { LandedAudits } from './landed-audits.ts';
import { publishModel, type AuditedBuild, type AuditOutcome } from './model-publisher.ts';
import type { EventNode, RunEvent } from './run-events.ts';
import { buildRunGraph } from './run-graph.ts';
import type { ModelNode, RunMode, RunNode, TestNode } from './run-graph.ts';
import { RunRecorder } from './run-recorder.ts';
import { countResults, slowestModels } from './run-result.ts';
import type { RunResult } from './run-result.ts';
import { publishedBatchMembers, TestBatches } from './batched-tests.ts';
import type { BatchMember } from './batched-tests.ts';
import { storeFailures, type TestCheck } from './test-check.ts';
import { gateModelsOnUnitTests, runUnitTests, unitTestsToRun } from './unit-test-runner.ts';
import { ViewSnapshots } from './view-snapshots.ts';

// The CLI's one import for running a plan.
export type { RunMode } from './run-graph.ts';
export type { EventNode, RunEvent } from './run-events.ts';
export type { NodeResult, RunCounts, RunResult, SlowModel } from './run-result.ts';

export interface RunOptions {
  readonly mode: RunMode;
  readonly runId: string;
  /** The selected models, in plan order. */
  readonly modelIds: readonly string[];
  /** The selected tests, in plan order. */
  readonly testIds: readonly string[];
  /** The selected unit tests (`test` and `build` run them first). @default none */
  readonly unitTestIds?: readonly string[];
  /** Rebuild incremental models from scratch. @default false */
  readonly fullRefresh?: boolean;
  /**
   * dbt's --fail-fast: after the first model or test that fails, every node not yet started is
   * skipped, independent branches too. Nodes already running finish. @default false
   */
  readonly failFast?: boolean;
  readonly onEvent?: (event: RunEvent) => void;
}

export async function executePlan(engine: Engine, plan: Plan, options: RunOptions): Promise<RunResult> {
  const warnings: string[] = [];
  const reported = engine.onWarning;
  engine.onWarning = (message) => {
    warnings.push(message);
    reported?.(message);
  };
  try {
    return await executeWithWarnings(engine, plan, options, warnings);
  } finally {
    engine.onWarning = reported;
  }
}

async function executeWithWarnings(engine: Engine, plan: Plan, options: RunOptions, warnings: readonly string[]): Promise<RunResult> {
  const startedAt = Date.now();
  const unitTests = unitTestsToRun(plan, options.mode, options.unitTestIds);
  const graph = gateModelsOnUnitTests(buildRunGraph(plan, options.mode, options), unitTests);
  await createSchemas(engine, graph.nodes);
  const recorder = new RunRecorder(engine, options.runId, graph.total + unitTests.length, options.onEvent);
  const landed = await LandedAudits.prepare(engine, plan, graph.sourceTests.map((node) => node.test));
  const run = new PlanRun(engine, plan, options.runId, recorder, options.fullRefresh ?? false, options.failFast ?? false, publishedBatchMembers(graph), landed);
  const handlers = { run: (node: RunNode) => run.execute(node), skip: (node: RunNode, root: string) => run.skip(node, root) };

  try {
    const unitTestOutcomes = await runUnitTests(engine, unitTests, recorder);
    const sourceOutcomes = await runInDependencyOrder(graph.sourceTests, engine.concurrency, handlers, unitTestOutcomes);
    await landed.flush(engine, options.runId);
    await runInDependencyOrder(graph.nodes, engine.concurrency, handlers, sourceOutcomes);
  } catch (error) {
    // Keep what the run did before it broke; the run's own error is the one to report.
    await recorder.flush().catch(() => undefined);
    await run.snapshots.dropAll().catch(() => undefined);
    throw error;
  }
  await recorder.flush();
  await run.snapshots.dropAll();

  const results = recorder.list();
  const counts = countResults(results);
  return {
    runId: options.runId,
    mode: options.mode,
    results,
    counts,
    slowest: slowestModels(results),
    elapsedSeconds: (Date.now() - startedAt) / 1000,
    success: counts.error === 0,
    warnings: [...warnings],
  };
}

async function createSchemas(engine: Engine, nodes: readonly RunNode[]): Promise<void> {
  for (const statement of auditTableStatements()) await engine.execute(statement);
  const schemas = new Set(nodes.flatMap((node) => (node.kind === 'model' ? [node.model.relation.schema] : [])));
  for (const schema of schemas) await engine.execute(engine.dialect.createSchema(schema));
}

class PlanRun {
  /** How skip messages name a failed node: models by relation, tests by name. */
  private readonly displayNames: ReadonlyMap<string, string>;
  /** With --fail-fast, the first node that failed. */
  private firstFailure: string | undefined;
  /** Views' rows stored once for the nodes downstream of them. */
  readonly snapshots: ViewSnapshots;
  /** The tests run against the published relations, counted together where they can be. */
  private readonly publishedTests: TestBatches;

  constructor(
    private readonly engine: Engine,
    private readonly plan: Plan,
    private readonly runId: string,
    private readonly recorder: RunRecorder,
    private readonly fullRefresh: boolean,
    private readonly failFast: boolean,
    publishedTests: readonly BatchMember[],
    /** The source tests that read only the rows loaded after their last verdict, and their verdicts. */
    private readonly landed: LandedAudits,
  ) {
    this.displayNames = new Map([
      ...plan.models.map((model): [string, string] => [model.id, qualified(model.relation)]),
      ...plan.tests.map((test): [string, string] => [test.id, test.name]),
    ]);
    this.snapshots = new ViewSnapshots(engine);
    this.publishedTests = new TestBatches(engine, { kind: 'published', narrowed: landed.narrowed }, (sql) => this.snapshots.readingSql(sql), publishedTests);
  }

  async execute(node: RunNode): Promise<boolean> {
    if (this.firstFailure !== undefined) {
      await this.skip(node, this.firstFailure);
      return false;
    }
    const ok = node.kind === 'model' ? await this.buildModel(node) : await this.checkPublished(node);
    if (!ok && this.failFast) this.firstFailure ??= node.kind === 'model' ? node.model.id : node.test.id;
    return ok;
  }

  async skip(node: RunNode, failedRoot: string): Promise<void> {
    const reason =
      this.firstFailure === undefined ? this.upstreamFailed(failedRoot) : `--fail-fast: ${this.displayNames.get(this.firstFailure) ?? this.firstFailure} failed`;
    if (node.kind === 'test') {
      await this.recorder.skip(testEventNode(node.test), reason);
      return;
    }
    await this.recorder.skip(modelEventNode(node.model), reason);
    for (const test of node.auditTests) await this.recorder.skip(testEventNode(test), reason);
  }

  private async buildModel(node: ModelNode): Promise<boolean> {
    const started = this.recorder.start(modelEventNode(node.model));
    const storing = node.auditTests.filter((test) => test.storeFailuresIn !== undefined);
    const outcome = await publishModel(this.engine, this.snapshots.reading(node.model), {
      plan: this.plan,
      runId: this.runId,
      fullRefresh: this.fullRefresh,
      snapshotView: node.auditTests.length > 0,
      audit: async (engine, build) => {
        const outcome = await this.auditStaged(node.model, node.auditTests, engine, build);
        if (outcome.refusal === undefined && node.auditTests.length > 0) await this.snapshots.keep(node.model);
        return outcome;
      },
      ...(storing.length === 0 ? {} : { storeAuditFailures: (engine: Engine) => this.storeFailingRows(storing, engine) }),
    });
    await this.snapshots.settle(node.model, outcome.status === 'success');
    await this.recorder.finishModel(started, outcome);
    if (!outcome.audited) {
      const reason = this.upstreamFailed(node.id);
      for (const test of node.auditTests) await this.recorder.skip(testEventNode(test), reason);
    }
    return outcome.status === 'success';
  }

  /**
   * Runs every audit test (a reader wants all problems at once) and says why publishing is
   * refused, if it is: only error-severity tests can refuse it. The verdicts of an incremental
   * model's tests that can read only what an increment changed are written to audit.test_state by
   * the publishing transaction, so only a published build has them.
   */
  private async auditStaged(model: PlanModel, tests: readonly PlanTest[], engine: Engine, build: AuditedBuild): Promise<AuditOutcome> {
    const problems: string[] = [];
    const stateful = tests.filter((test) => test.incrementAudit !== undefined);
    const narrowedIds = build.inPlaceIncrement && stateful.length > 0 ? narrowedTests(stateful, await engine.query(priorVerdictsQuery(model, stateful, engine.target))) : new Set<string>();
    const narrowed = new Map(stateful.flatMap((test) => (narrowedIds.has(test.id) && test.incrementAudit !== undefined ? [[test.id, test.incrementAudit] as const] : [])));
    const batches = new TestBatches(engine, { kind: 'audit', narrowed }, (sql) => this.snapshots.readingSql(sql), tests.map((test) => ({ test })));
    const verdicts: RecordedVerdict[] = [];
    for (const test of tests) {
      const started = this.recorder.start(testEventNode(test));
      const sql = narrowed.get(test.id)?.sql ?? test.auditSql;
      const check: TestCheck =
        sql === undefined
          ? { status: 'error', failures: 0, sample: [], message: 'the plan has no auditSql for this test, so the staged build cannot be checked' }
          : await batches.check(test, this.snapshots.readingSql(sql));
      await this.recorder.finishTest(started, test, check, 'audit');
      if (test.incrementAudit !== undefined && check.status !== 'error') verdicts.push({ test, failures: check.failures, narrowed: narrowed.has(test.id) });
      if (test.severity !== 'error') continue;
      if (check.status === 'fail') problems.push(`${test.name} (${check.failures} failing rows)`);
      if (check.status === 'error') problems.push(`${test.name} (test query failed)`);
    }
    return {
      refusal: problems.length === 0 ? undefined : `not published, audit failed: ${problems.join(', ')}`,
      publishWith: testStateInsert(this.runId, verdicts, new Date(), engine.target),
    };
  }

  /** The failing rows of the staged build, stored by the tests that store them, as their audit stores them. */
  private async storeFailingRows(tests: readonly PlanTest[], engine: Engine): Promise<void> {
    for (const test of tests) if (test.auditSql !== undefined) await storeFailures(engine, this.snapshots.readingSql(test.auditSql), test);
  }

  private async checkPublished(node: TestNode): Promise<boolean> {
    const started = this.recorder.start(testEventNode(node.test));
    const check = await this.publishedTests.check(node.test, this.snapshots.readingSql(this.landed.sqlOf(node.test)));
    this.landed.keep(node.test, check);
    await this.recorder.finishTest(started, node.test, check, 'published');
    return check.status === 'pass' || check.status === 'warn';
  }

  private upstreamFailed(failedRoot: string): string {
    return `upstream ${this.displayNames.get(failedRoot) ?? failedRoot} failed`;
  }
}

function modelEventNode(model: PlanModel): EventNode {
  return {
    id: model.id,
    name: model.name,
    resourceType: 'model',
    materialized: model.config.materialized,
    relation: qualified(model.relation),
  };
}

function testEventNode(test: PlanTest): EventNode {
  return { id: test.id, name: test.name, resourceType: 'test' };
}
