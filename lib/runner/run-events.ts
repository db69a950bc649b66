/** What the runner reports while it works, for a dbt-like console (console-reporter.ts) or any other listener. */
import type { Materialization } from '../plan/plan.ts';
import type { NodeStatus, ResourceType } from '../publish/audit-records.ts';

export interface EventNode {
  readonly id: string;
  readonly name: string;
  readonly resourceType: ResourceType;
  /** Models only. */
  readonly materialized?: Materialization;
  /** Models only: the published relation, `schema.name`. */
  readonly relation?: string;
}

/**
 * `index` counts nodes in the order they start (1-based) out of `total` nodes this run
 * executes. A skipped node gets a `finish` event only: it never started.
 */
export interface RunEvent {
  readonly kind: 'start' | 'finish';
  readonly index: number;
  readonly total: number;
  readonly node: EventNode;
  /** `finish` only, as are the fields below. */
  readonly status?: NodeStatus;
  readonly seconds?: number;
  /** Models: rows in the published table; null for views. */
  readonly rows?: number | null;
  /** Tests: failing rows. */
  readonly failures?: number;
  /** Why a node failed or was skipped, or a test's result in words. */
  readonly message?: string;
}
