/**
 * Everything the pages of the docs site are written from, gathered once: the plan, its nodes,
 * the column lineage both ways (upstream from the SQL, downstream by inverting it), the tests of
 * each node, what the warehouse says about the latest runs, and which dashboards exist.
 */
import type { Plan, PlanTest, PlanUnitTest } from '../../plan/plan.ts';
import type { UpstreamColumn } from '../column-lineage/lineage-types.ts';
import type { ModelColumnLineage } from '../column-lineage/plan-column-lineage.ts';
import type { RunHistory } from '../run-history.ts';
import { siteNodes, type SiteNode } from './site-nodes.ts';

/** Whether test results could be shown, and if not, why. */
export type WarehouseHistory =
  | { readonly state: 'read'; readonly location: string; readonly history: RunHistory }
  | { readonly state: 'absent'; readonly location: string }
  | { readonly state: 'unreadable'; readonly location: string; readonly reason: string };

export interface DocsInput {
  readonly plan: Plan;
  readonly lineage: readonly ModelColumnLineage[];
  readonly warehouse: WarehouseHistory;
  /** Exposure names whose dashboard page exists (dashboards/<name>.html). */
  readonly dashboards: ReadonlySet<string>;
  /** Whether dashboards/index.html exists. */
  readonly dashboardsIndex: boolean;
  readonly generatedAt: Date;
  /** Test id → the node its YAML declares it on (see test-declarations.ts); other tests show on `attachedTo`. */
  readonly testDeclarations?: ReadonlyMap<string, string>;
}

export interface DocsContext extends DocsInput {
  readonly nodes: readonly SiteNode[];
  readonly nodeById: ReadonlyMap<string, SiteNode>;
  readonly lineageByModel: ReadonlyMap<string, ModelColumnLineage>;
  readonly testsByNode: ReadonlyMap<string, readonly PlanTest[]>;
  readonly unitTestsByModel: ReadonlyMap<string, readonly PlanUnitTest[]>;
  /** `columnKey(node, column)` → the model columns computed from it. */
  readonly downstreamColumns: ReadonlyMap<string, readonly UpstreamColumn[]>;
}

export function columnKey(node: string, column: string): string {
  return `${node}\u0000${column.toLowerCase()}`;
}

export function docsContext(input: DocsInput): DocsContext {
  const nodes = siteNodes(input.plan);
  const downstream = new Map<string, UpstreamColumn[]>();
  for (const model of input.lineage) {
    for (const column of model.columns) {
      for (const upstream of column.upstream) {
        const key = columnKey(upstream.node, upstream.column);
        downstream.set(key, [...(downstream.get(key) ?? []), { node: model.model, column: column.column }]);
      }
    }
  }
  return {
    ...input,
    nodes,
    nodeById: new Map(nodes.map((node) => [node.id, node])),
    lineageByModel: new Map(input.lineage.map((entry) => [entry.model, entry])),
    testsByNode: groupBy(input.plan.tests, (test) => input.testDeclarations?.get(test.id) ?? test.attachedTo),
    unitTestsByModel: groupBy(input.plan.unitTests ?? [], (test) => test.model),
    downstreamColumns: downstream,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
