/**
 * The nodes the docs site documents and draws: the plan's sources, models and exposures, each
 * with its page, its lineage layer and its parents. One list, in the plan's order (sources, models
 * dependencies first, exposures), shared by the graph, the navigation and the search catalog.
 */
import type { Layer, Plan } from '../../plan/plan.ts';
import { exposurePage, modelPage, sourcePage } from './site-paths.ts';

export type NodeKind = 'source' | 'model' | 'exposure';

export type SiteLayer = 'sources' | Layer | 'exposures';

/** Left to right in the lineage graph and top to bottom in the navigation: sources, the plan's layers in build order, exposures. */
export function siteLayers(plan: Pick<Plan, 'layers'>): SiteLayer[] {
  return ['sources', ...plan.layers.map((layer) => layer.name), 'exposures'];
}

/** A layer as a heading: `dimensions` → `Dimensions`, `int_metrics` → `Int metrics`. */
export function layerTitle(layer: SiteLayer): string {
  const words = layer.replaceAll('_', ' ');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

export interface SiteNode {
  /** The plan id: `source.crm.deals`, `model.crm.fact_deals`, `exposure.crm.sales_pipeline_dashboard`. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly layer: SiteLayer;
  /** Its layer's place in `siteLayers`: the lineage graph's column. */
  readonly band: number;
  /** What people call it: the model name, `crm.deals`, the exposure's label. */
  readonly label: string;
  /** Site-relative page. */
  readonly page: string;
  readonly description?: string;
  /** Ids of the nodes it reads. */
  readonly parents: readonly string[];
}

export function siteNodes(plan: Plan): SiteNode[] {
  const layers = siteLayers(plan);
  const bandOf = (layer: SiteLayer): number => layers.indexOf(layer);
  return [
    ...plan.sources.map((source) => ({
      id: source.id,
      kind: 'source' as const,
      layer: 'sources' as const,
      band: bandOf('sources'),
      label: `${source.sourceName}.${source.tableName}`,
      page: sourcePage(source.sourceName, source.tableName),
      description: source.description,
      parents: [],
    })),
    ...plan.models.map((model) => ({
      id: model.id,
      kind: 'model' as const,
      layer: model.layer,
      band: bandOf(model.layer),
      label: model.name,
      page: modelPage(model.name),
      description: model.description,
      parents: [...model.dependsOn.sources, ...model.dependsOn.models],
    })),
    ...plan.exposures.map((exposure) => ({
      id: exposure.id,
      kind: 'exposure' as const,
      layer: 'exposures' as const,
      band: bandOf('exposures'),
      label: exposure.label ?? exposure.name,
      page: exposurePage(exposure.name),
      description: exposure.description,
      parents: [...exposure.dependsOn.sources, ...exposure.dependsOn.models],
    })),
  ];
}

/** The nodes that read `id`, directly. */
export function childrenOf(nodes: readonly SiteNode[], id: string): SiteNode[] {
  return nodes.filter((node) => node.parents.includes(id));
}

/** `id` with every node upstream and downstream of it (dbt's `+id+`). */
export function lineageOf(nodes: readonly SiteNode[], id: string): Set<string> {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const reached = new Set<string>([id]);
  const climb = (current: string): void => {
    for (const parent of byId.get(current)?.parents ?? []) {
      if (!reached.has(parent)) {
        reached.add(parent);
        climb(parent);
      }
    }
  };
  const descend = (current: string): void => {
    for (const child of childrenOf(nodes, current)) {
      if (!reached.has(child.id)) {
        reached.add(child.id);
        descend(child.id);
      }
    }
  };
  climb(id);
  descend(id);
  return reached;
}
