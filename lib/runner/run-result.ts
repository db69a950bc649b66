/** What `executePlan` returns: every node's result and dbt's PASS/WARN/ERROR/SKIP tally. */
import type { CheckPhase, NodeStatus } from '../publish/audit-records.ts';
import type { EventNode } from './run-events.ts';

export interface NodeResult extends EventNode {
  /** The node's event index. */
  readonly index: number;
  readonly status: NodeStatus;
  readonly seconds: number;
  /** Models: rows in the published table; null for views and for models that did not publish. */
  readonly rows: number | null;
  /** Tests that ran: failing rows. */
  readonly failures?: number;
  readonly message?: string;
  /** Tests that ran: whether they checked the staged build or the published relation. */
  readonly phase?: CheckPhase;
  readonly startedAt: Date;
  readonly completedAt: Date;
}

export interface RunCounts {
  readonly pass: number;
  readonly warn: number;
  readonly error: number;
  readonly skip: number;
  readonly total: number;
}

export interface SlowModel {
  readonly id: string;
  readonly name: string;
  readonly relation: string;
  readonly seconds: number;
}

export interface RunResult {
  readonly runId: string;
  readonly mode: 'run' | 'test' | 'build';
  /** In event index order. */
  readonly results: readonly NodeResult[];
  readonly counts: RunCounts;
  /** The slowest models that ran, slowest first. */
  readonly slowest: readonly SlowModel[];
  readonly elapsedSeconds: number;
  /** No node counted as ERROR. */
  readonly success: boolean;
  /** What the engine or the runner did other than asked during the run and still succeeded with (Engine.onWarning). */
  readonly warnings: readonly string[];
}

export const SLOWEST_MODELS = 5;

type CountBucket = Exclude<keyof RunCounts, 'total'>;

const bucketOfStatus: Record<NodeStatus, CountBucket> = {
  success: 'pass',
  pass: 'pass',
  warn: 'warn',
  error: 'error',
  fail: 'error',
  skipped: 'skip',
};

export function countResults(results: readonly NodeResult[]): RunCounts {
  const counts = { pass: 0, warn: 0, error: 0, skip: 0, total: results.length };
  for (const result of results) counts[bucketOfStatus[result.status]] += 1;
  return counts;
}

export function slowestModels(results: readonly NodeResult[], limit = SLOWEST_MODELS): SlowModel[] {
  return results
    .filter((result) => result.resourceType === 'model' && result.status !== 'skipped')
    .sort((left, right) => right.seconds - left.seconds)
    .slice(0, limit)
    .map((result) => ({
      id: result.id,
      name: result.name,
      relation: result.relation ?? result.name,
      seconds: result.seconds,
    }));
}
