/**
 * Bookkeeping for one run: numbers nodes as they start, appends their audit rows, tells the
 * listener, and keeps the results for the summary. Audit rows are written as each node
 * finishes, so an interrupted run still leaves the history of what it did.
 */
import type { Engine } from '../engines/engine.ts';
import type { PlanTest } from '../plan/plan.ts';
import { checkResultInsert, modelRunInsert } from './audit-records.ts';
import type { CheckPhase, NodeStatus } from './audit-records.ts';
import type { EventNode, RunEvent } from './run-events.ts';
import type { NodeResult } from './run-result.ts';
import type { TestCheck } from './test-check.ts';

export interface StartedNode {
  readonly node: EventNode;
  readonly index: number;
  readonly startedAt: Date;
}

/** What a check result names about the test that ran: a data test, or a unit test (attached to its model). */
export type CheckedTest = Pick<PlanTest, 'id' | 'name' | 'attachedTo' | 'column' | 'severity'>;

export interface ModelFinish {
  readonly status: 'success' | 'error';
  readonly rows: number | null;
  readonly message?: string;
}

export class RunRecorder {
  private nextIndex = 1;
  private readonly results: NodeResult[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly runId: string,
    private readonly total: number,
    private readonly onEvent?: (event: RunEvent) => void,
  ) {}

  start(node: EventNode): StartedNode {
    const started = { node, index: this.takeIndex(), startedAt: new Date() };
    this.onEvent?.({ kind: 'start', index: started.index, total: this.total, node });
    return started;
  }

  async finishModel(started: StartedNode, finish: ModelFinish): Promise<void> {
    await this.finish(started, { status: finish.status, rows: finish.rows, message: finish.message }, []);
  }

  async finishTest(started: StartedNode, test: CheckedTest, check: TestCheck, phase: CheckPhase): Promise<void> {
    const completedAt = new Date();
    const checkResult = checkResultInsert({
      runId: this.runId,
      testId: test.id,
      testName: test.name,
      modelId: test.attachedTo,
      columnName: test.column,
      severity: test.severity,
      status: check.status,
      failures: check.failures,
      sample: check.sample,
      phase,
      checkedAt: completedAt,
    });
    await this.finish(
      started,
      { status: check.status, rows: null, failures: check.failures, message: check.message, phase },
      [checkResult],
      completedAt,
    );
  }

  async skip(node: EventNode, message: string): Promise<void> {
    const now = new Date();
    await this.finish({ node, index: this.takeIndex(), startedAt: now }, { status: 'skipped', rows: null, message }, [], now);
  }

  /** In index order. */
  list(): NodeResult[] {
    return [...this.results].sort((left, right) => left.index - right.index);
  }

  private async finish(
    started: StartedNode,
    outcome: {
      status: NodeStatus;
      rows: number | null;
      failures?: number;
      message?: string;
      phase?: CheckPhase;
    },
    extraStatements: readonly string[],
    completedAt = new Date(),
  ): Promise<void> {
    const { node, index, startedAt } = started;
    const seconds = (completedAt.getTime() - startedAt.getTime()) / 1000;
    const modelRun = modelRunInsert({
      runId: this.runId,
      nodeId: node.id,
      nodeName: node.name,
      resourceType: node.resourceType,
      status: outcome.status,
      rows: outcome.rows,
      seconds,
      message: outcome.message,
      startedAt,
      completedAt,
    });
    await this.engine.transaction([modelRun, ...extraStatements]);
    this.results.push({ ...node, index, seconds, startedAt, completedAt, ...outcome });
    this.onEvent?.({
      kind: 'finish',
      index,
      total: this.total,
      node,
      status: outcome.status,
      seconds,
      rows: outcome.rows,
      failures: outcome.failures,
      message: outcome.message,
    });
  }

  private takeIndex(): number {
    const index = this.nextIndex;
    this.nextIndex += 1;
    return index;
  }
}
