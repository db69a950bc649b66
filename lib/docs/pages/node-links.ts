/** Links to other nodes of the site, as chips coloured by layer (depends on, used by, exposures). */
import { html, type SafeHtml } from '../html/html.ts';
import { linkFrom } from '../site/site-paths.ts';
import type { SiteNode } from '../site/site-nodes.ts';

export function nodeChips(page: string, nodes: readonly SiteNode[], empty: string): SafeHtml {
  if (nodes.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<ul class="chips">${nodes.map(
    (node) =>
      html`<li><a class="chip layer-${node.layer}" href="${linkFrom(page, node.page)}" title="${node.description?.trim() ?? node.label}"><span class="layer-dot layer-${node.layer}" aria-hidden="true"></span>${node.label}</a></li>`,
  )}</ul>`;
}
