/**
 * The lineage section of a node page: the node with everything upstream and downstream of it
 * (dbt's `+node+`), drawn like the index graph, the node emphasised.
 */
import { html, type SafeHtml } from '../html/html.ts';
import { lineageGraphSvg } from '../lineage-graph/lineage-graph-svg.ts';
import type { DocsContext } from '../site/docs-context.ts';
import { lineageOf } from '../site/site-nodes.ts';
import { linkFrom } from '../site/site-paths.ts';

export function focusedLineage(context: DocsContext, page: string, nodeId: string): SafeHtml {
  const members = lineageOf(context.nodes, nodeId);
  const nodes = context.nodes.filter((node) => members.has(node.id));
  const label = context.nodeById.get(nodeId)?.label ?? nodeId;
  return html`<section class="panel" id="lineage">
<h2>Lineage <span class="count">${nodes.length - 1} related</span></h2>
<p class="muted">Everything upstream and downstream of ${label}. Hover a node to trace its path; click to open it.</p>
<div class="graph-frame graph-frame-focused" data-graph>
${lineageGraphSvg({ nodes, focus: nodeId, hrefFor: (node) => linkFrom(page, node.page), title: `Lineage of ${label}` })}
</div>
</section>`;
}
