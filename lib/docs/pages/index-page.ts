/**
 * The front page: the project at a glance (nodes, tests and their latest results, how much of the
 * column lineage resolved), the whole lineage graph from the sources to the exposures with its
 * layer filters, search and zoom, and every node listed by layer.
 */
import { html, type SafeHtml } from '../html/html.ts';
import { lineageGraphSvg } from '../lineage-graph/lineage-graph-svg.ts';
import type { DocsContext } from '../site/docs-context.ts';
import { layerTitle, siteLayers } from '../site/site-nodes.ts';
import { INDEX_PAGE, linkFrom } from '../site/site-paths.ts';
import { pageShell } from './page-shell.ts';
import { statusBadge } from './status-badge.ts';
import { latestResult } from './tests-table.ts';
import { warehouseNotice } from './warehouse-notice.ts';

export function indexPageHtml(context: DocsContext): SafeHtml {
  const page = INDEX_PAGE;
  const body = html`<header class="page-header">
  <div class="eyebrow">Project ${context.plan.project}</div>
  <h1>Lineage</h1>
  <p class="lead">How data flows from the CRM extracts through the layers (${context.plan.layers.map((layer) => layer.name).join(', ')}) to the dashboards that read them. Click a node to open its documentation; hover it to trace its path.</p>
</header>
${overview(context)}
<section class="panel graph-panel" id="lineage">
  <div class="graph-toolbar" role="toolbar" aria-label="Lineage graph">
    <fieldset class="layer-filters"><legend class="visually-hidden">Layers shown</legend>
    ${siteLayers(context.plan).map((layer) => {
      const count = context.nodes.filter((node) => node.layer === layer).length;
      return count === 0
        ? ''
        : html`<label class="layer-filter"><input type="checkbox" name="layer" value="${layer}" checked><span class="layer-dot layer-${layer}" aria-hidden="true"></span>${layerTitle(layer)} <span class="count">${count}</span></label>`;
    })}
    </fieldset>
    <input class="graph-search" id="graph-search" type="search" placeholder="Find in graph…" aria-label="Find a node in the graph" autocomplete="off">
    <span class="graph-match-count" id="graph-match-count" aria-live="polite"></span>
    <div class="zoom-controls">
      <button type="button" data-zoom="out" aria-label="Zoom out">−</button>
      <button type="button" data-zoom="fit" aria-label="Fit to width">Fit</button>
      <button type="button" data-zoom="in" aria-label="Zoom in">+</button>
    </div>
  </div>
  <div class="graph-frame" data-graph>
  ${lineageGraphSvg({ nodes: context.nodes, hrefFor: (node) => linkFrom(page, node.page), title: `Lineage of project ${context.plan.project}: ${context.nodes.length} nodes` })}
  </div>
</section>
${catalog(context, page)}`;
  return pageShell(context, { page, title: 'Lineage', sidebar: false, graph: true, body });
}

function overview(context: DocsContext): SafeHtml {
  const models = context.plan.models.length;
  const tests = [...context.plan.tests, ...(context.plan.unitTests ?? [])];
  const columns = context.lineage.flatMap((model) => model.columns);
  const unresolvedColumns = columns.filter((column) => column.unresolved.length > 0).length;
  const incompleteModels = context.lineage.filter((model) => model.incomplete.length > 0).length;
  const statuses = tests.map((test) => latestResult(context, test.id)?.status);
  const count = (status: string | undefined): number => statuses.filter((candidate) => candidate === status).length;
  return html`<section class="overview" aria-label="Project overview">
  <div class="stat"><div class="stat-value">${context.plan.sources.length}</div><div class="stat-label">source tables</div></div>
  <div class="stat"><div class="stat-value">${models}</div><div class="stat-label">models · ${context.plan.layers
    .map(({ name }) => `${context.plan.models.filter((model) => model.layer === name).length} ${name}`)
    .join(', ')}</div></div>
  <div class="stat"><div class="stat-value">${context.plan.exposures.length}</div><div class="stat-label">exposures</div></div>
  <div class="stat"><div class="stat-value">${tests.length}</div><div class="stat-label">tests${context.warehouse.state === 'read'
    ? html`<div class="stat-tallies">${['pass', 'warn', 'fail', 'error'].map((status) => (count(status) === 0 ? '' : html`<span class="tally">${statusBadge(status)} ${count(status)}</span>`))}${count(undefined) === 0 ? '' : html`<span class="tally">${statusBadge(undefined)} ${count(undefined)}</span>`}</div>`
    : html`<div class="stat-tallies">${statusBadge(undefined)}</div>`}</div></div>
  <div class="stat"><div class="stat-value">${columns.length}</div><div class="stat-label">model columns traced${unresolvedColumns + incompleteModels === 0
    ? html`, all resolved`
    : html`<div class="stat-tallies"><span class="unresolved">unresolved</span> ${unresolvedColumns} columns, ${incompleteModels} models incomplete</div>`}</div></div>
</section>
${warehouseNotice(context.warehouse)}`;
}

function catalog(context: DocsContext, page: string): SafeHtml {
  return html`<section class="panel" id="catalog">
<h2>Everything in the project</h2>
<div class="catalog-groups">${siteLayers(context.plan).map((layer) => {
    const members = context.nodes.filter((node) => node.layer === layer);
    if (members.length === 0) return '';
    return html`<div class="catalog-group">
<h3><span class="layer-dot layer-${layer}" aria-hidden="true"></span>${layerTitle(layer)} <span class="count">${members.length}</span></h3>
<ul>${members.map((node) => html`<li><a href="${linkFrom(page, node.page)}">${node.label}</a><span class="muted">${firstSentence(node.description)}</span></li>`)}</ul>
</div>`;
  })}</div>
</section>`;
}

function firstSentence(text: string | undefined): string {
  if (text === undefined) return '';
  const trimmed = text.trim();
  const end = trimmed.search(/[.!?](\s|$)/);
  return end === -1 ? trimmed : trimmed.slice(0, end + 1);
}
