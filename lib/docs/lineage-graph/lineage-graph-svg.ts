/**
 * The lineage graph as static SVG, written when the site is generated: every node is an SVG link
 * to its page, so the graph reads and navigates without JavaScript (and from file://). The
 * page script (assets/lineage-graph.js) adds filtering, search, path highlighting and zoom on top,
 * reading the `data-` attributes written here.
 */
import { html, trusted, type SafeHtml } from '../html/html.ts';
import { layerTitle, type SiteNode } from '../site/site-nodes.ts';
import { DEFAULT_GEOMETRY, layoutGraph, type GraphLayout, type LayoutNode, type PlacedNode } from './graph-layout.ts';


/** Average width of a label character at the graph's 12px font, generous enough for underscores. */
const CHARACTER_WIDTH = 6.9;
const LABEL_PADDING = 30;
const MIN_NODE_WIDTH = 150;
const MAX_NODE_WIDTH = 280;
const ARROW_GAP = 3;

export interface LineageGraphOptions {
  /** The nodes to draw; edges are their `parents` within this list. */
  readonly nodes: readonly SiteNode[];
  /** Where each node's link goes, relative to the page the graph is on. */
  readonly hrefFor: (node: SiteNode) => string;
  /** The node the page is about, drawn emphasised. */
  readonly focus?: string;
  /** Accessible name of the drawing. */
  readonly title: string;
}

export function lineageGraphSvg(options: LineageGraphOptions): SafeHtml {
  const { nodes } = options;
  const ids = new Set(nodes.map((node) => node.id));
  const edges = nodes.flatMap((node) => node.parents.filter((parent) => ids.has(parent)).map((parent) => ({ from: parent, to: node.id })));
  const longest = Math.max(0, ...nodes.map((node) => node.label.length));
  const nodeWidth = Math.min(MAX_NODE_WIDTH, Math.max(MIN_NODE_WIDTH, Math.ceil(longest * CHARACTER_WIDTH) + LABEL_PADDING));
  // Each layer has a column of its own, so every layer is one group.
  const layoutNodes: LayoutNode[] = nodes.map((node) => ({ id: node.id, band: node.band, group: 0 }));
  const layout = layoutGraph(layoutNodes, edges, { ...DEFAULT_GEOMETRY, nodeWidth });
  const maxLabel = Math.floor((nodeWidth - LABEL_PADDING) / CHARACTER_WIDTH);

  return html`<svg class="lineage-graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="${options.title}" data-node-count="${nodes.length}" data-edge-count="${edges.length}">
<defs><marker id="lineage-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" class="lineage-arrow-head"/></marker></defs>
<g class="lineage-columns">${columnTitles(nodes, layout)}</g>
<g class="lineage-edges">${edges.map((edge) => html`<path class="lineage-edge" data-from="${edge.from}" data-to="${edge.to}" d="${edgePath(layout, edge.from, edge.to)}" marker-end="url(#lineage-arrow)"/>`)}</g>
<g class="lineage-nodes">${nodes.map((node) => nodeMarkup(node, layout.nodes.get(node.id) as PlacedNode, layout, options, maxLabel))}</g>
</svg>`;
}

function columnTitles(nodes: readonly SiteNode[], layout: GraphLayout): SafeHtml[] {
  return layout.columns.map((column) => {
    const layers = [...new Set(nodes.filter((node) => node.band === column.band).map((node) => node.layer))];
    const title = layers.map(layerTitle).join(' & ');
    return html`<text class="lineage-column-title" x="${column.x}" y="${layout.geometry.margin + 14}">${title}</text>`;
  });
}

function nodeMarkup(node: SiteNode, place: PlacedNode, layout: GraphLayout, options: LineageGraphOptions, maxLabel: number): SafeHtml {
  const { nodeWidth, nodeHeight } = layout.geometry;
  const shown = node.label.length > maxLabel ? `${node.label.slice(0, maxLabel - 1)}…` : node.label;
  const tooltip = node.description === undefined ? node.label : `${node.label}: ${node.description.trim()}`;
  const focus = node.id === options.focus;
  return html`<a class="lineage-node layer-${node.layer}${focus ? ' is-focus' : ''}" href="${options.hrefFor(node)}" data-id="${node.id}" data-layer="${node.layer}" data-label="${node.label}" transform="translate(${place.x} ${place.y})"${focus ? trusted(' aria-current="page"') : ''}>
<title>${tooltip}</title>
<rect class="lineage-node-box" width="${nodeWidth}" height="${nodeHeight}" rx="7"/>
<rect class="lineage-node-strip" x="0" y="0" width="6" height="${nodeHeight}" rx="3"/>
<text class="lineage-node-label" x="16" y="${nodeHeight / 2}" dominant-baseline="central">${shown}</text>
</a>`;
}

/**
 * Between columns: a horizontal S-curve from the right side of the parent to the left side of
 * the child. Within a column (a fact read by a fact, a mart by a mart): an arc out to the right
 * of the column and back into the child's right side.
 */
function edgePath(layout: GraphLayout, from: string, to: string): string {
  const start = layout.nodes.get(from) as PlacedNode;
  const end = layout.nodes.get(to) as PlacedNode;
  const { nodeWidth, nodeHeight } = layout.geometry;
  const y1 = start.y + nodeHeight / 2;
  const y2 = end.y + nodeHeight / 2;
  if (start.column === end.column) {
    const x = start.x + nodeWidth;
    const bulge = 24 + Math.min(56, Math.abs(y2 - y1) * 0.12);
    return `M ${x} ${y1} C ${x + bulge} ${y1}, ${x + bulge} ${y2}, ${x + ARROW_GAP} ${y2}`;
  }
  const forward = start.column < end.column;
  const x1 = forward ? start.x + nodeWidth : start.x;
  const x2 = forward ? end.x - ARROW_GAP : end.x + nodeWidth + ARROW_GAP;
  const middle = (x1 + x2) / 2;
  return `M ${x1} ${y1} C ${middle} ${y1}, ${middle} ${y2}, ${x2} ${y2}`;
}
