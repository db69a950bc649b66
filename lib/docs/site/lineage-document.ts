/**
 * target/docs/lineage.json: the lineage the site shows, for tools. Nodes with their parents
 * (sources, models, exposures) and, per model, each output column with the upstream columns it is
 * computed from (`direct` = carried unchanged), the references left unresolved, and what made a
 * model's column list incomplete.
 */
import type { ColumnDerivation, UnresolvedReference } from '../column-lineage/lineage-types.ts';
import type { DocsContext } from './docs-context.ts';
import type { NodeKind, SiteLayer } from './site-nodes.ts';

export interface LineageDocument {
  readonly project: string;
  readonly target: string;
  readonly nodes: readonly {
    readonly id: string;
    readonly kind: NodeKind;
    readonly layer: SiteLayer;
    readonly label: string;
    readonly page: string;
    readonly parents: readonly string[];
  }[];
  readonly columnLineage: Readonly<Record<string, { readonly columns: readonly ColumnDerivation[]; readonly incomplete: readonly UnresolvedReference[] }>>;
}

export function lineageDocument(context: DocsContext): LineageDocument {
  return {
    project: context.plan.project,
    target: context.plan.target,
    nodes: context.nodes.map((node) => ({ id: node.id, kind: node.kind, layer: node.layer, label: node.label, page: node.page, parents: node.parents })),
    columnLineage: Object.fromEntries(context.lineage.map((model) => [model.model, { columns: model.columns, incomplete: model.incomplete }])),
  };
}
