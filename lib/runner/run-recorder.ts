/**
 * Bookkeeping for one run: numbers nodes as they start, appends their audit rows, tells the
 * listener, and keeps the results for the summary.
 *
 * Audit rows are buffered and appended together, in one transaction: when a model finishes
 * AUDIT_WRITE_INTERVAL_MS or more after the last write (with the rows of its audit tests and of
 * whatever finished since), when AUDIT_BATCH_ROWS are pending, and by `flush()`, which the runner
 * calls before it returns or rethrows. A commit is a WAL sync on a database file, and each
 * write's statements cost more than its rows: a build of many quick models writes a few
 * times in all instead of once per model (at scale 1, 43 models in about 6 seconds), while
 * models that take seconds each still write as each finishes. A run that fails keeps every
 * finished node's rows; a process killed outright loses the rows pending since the last write.
 */
import type { Engine } from '../engines/engine.ts';
import type { PlanTest } from '../plan/plan.ts';
import { auditInserts } from '../publish/audit-records.ts';
import type { CheckPhase, CheckResultRecord, ModelRunRecord, NodeStatus } from '../publish/audit-records.ts';
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

/** Pending rows that trigger a write even before the next model finishes (long runs of tests). */
export const AUDIT_BATCH_ROWS = 100;

/** A model that finishes this long or longer after the last write writes the pending rows. */
export const AUDIT_WRITE_INTERVAL_MS = 1000;

/** INSERT statements per transaction, under the Redshift Data API's 40 statements per batch. */
const STATEMENTS_PER_TRANSACTION = 20;

export class RunRecorder {
  private nextIndex = 1;
  private readonly results: NodeResult[] = [];
  private pendingModelRuns: ModelRunRecord[] = [];
  private pendingCheckResults: CheckResultRecord[] = [];
  private lastWrite: number;

  constructor(
    private readonly engine: Engine,
    private readonly runId: string,
    private readonly total: number,
    private readonly onEvent?: (event: RunEvent) => void,
    /** Milliseconds on a monotonic clock; tests pass their own. */
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.lastWrite = clock();
  }

  start(node: EventNode): StartedNode {
    const started = { node, index: this.takeIndex(), startedAt: new Date() };
    this.onEvent?.({ kind: 'start', index: started.index, total: this.total, node });
    return started;
  }

  async finishModel(started: StartedNode, finish: ModelFinish): Promise<void> {
    this.finish(started, { status: finish.status, rows: finish.rows, message: finish.message });
    if (this.clock() - this.lastWrite >= AUDIT_WRITE_INTERVAL_MS) await this.flush();
    else await this.flushWhenFull();
  }

  async finishTest(started: StartedNode, test: CheckedTest, check: TestCheck, phase: CheckPhase): Promise<void> {
    const completedAt = new Date();
    this.pendingCheckResults.push({
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
    this.finish(started, { status: check.status, rows: null, failures: check.failures, message: check.message, phase }, completedAt);
    // An audit may run inside its model's held transaction, where waiting on the engine would wait
    // forever on Postgres' one session; its rows wait until the model has finished.
    if (phase !== 'audit') await this.flushWhenFull();
  }

  async skip(node: EventNode, message: string): Promise<void> {
    const now = new Date();
    this.finish({ node, index: this.takeIndex(), startedAt: now }, { status: 'skipped', rows: null, message }, now);
    await this.flushWhenFull();
  }

  /** Appends every pending audit row. Concurrent calls each write what was pending when they started. */
  async flush(): Promise<void> {
    const statements = auditInserts(this.pendingModelRuns, this.pendingCheckResults, this.engine.target);
    this.pendingModelRuns = [];
    this.pendingCheckResults = [];
    if (statements.length > 0) this.lastWrite = this.clock();
    for (let first = 0; first < statements.length; first += STATEMENTS_PER_TRANSACTION) {
      await this.engine.transaction(statements.slice(first, first + STATEMENTS_PER_TRANSACTION));
    }
  }

  /** In index order. */
  list(): NodeResult[] {
    return [...this.results].sort((left, right) => left.index - right.index);
  }

  private async flushWhenFull(): Promise<void> {
    if (this.pendingModelRuns.length + this.pendingCheckResults.length >= AUDIT_BATCH_ROWS) await this.flush();
  }

  private finish(
    started: StartedNode,
    outcome: {
      status: NodeStatus;
      rows: number | null;
      failures?: number;
      message?: string;
      phase?: CheckPhase;
    },
    completedAt = new Date(),
  ): void {
    const { node, index, startedAt } = started;
    const seconds = (completedAt.getTime() - startedAt.getTime()) / 1000;
    this.pendingModelRuns.push({
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
