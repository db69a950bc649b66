/**
 * An exposure's page: who owns the dashboard or report and how mature it is, what it shows, the
 * models it reads (with their grain and last build), the health of every test upstream of it, its
 * lineage back to the sources, and the link to its dashboard page (dashboards/<name>.html).
 */
import type { PlanExposure } from '../../plan/plan.ts';
import { html, type SafeHtml } from '../html/html.ts';
import type { DocsContext } from '../site/docs-context.ts';
import { lineageOf } from '../site/site-nodes.ts';
import { dashboardPage, exposurePage, linkFrom, modelPage, sourcePage } from '../site/site-paths.ts';
import { focusedLineage } from './focused-lineage.ts';
import { pageShell } from './page-shell.ts';
import { statusBadge } from './status-badge.ts';
import { latestResult, testAnchor } from './tests-table.ts';
import { warehouseNotice } from './warehouse-notice.ts';

export function exposurePageHtml(context: DocsContext, exposure: PlanExposure): SafeHtml {
  const page = exposurePage(exposure.name);
  const title = exposure.label ?? exposure.name;
  const body = html`<header class="page-header">
  <div class="eyebrow"><span class="layer-dot layer-exposures" aria-hidden="true"></span>Exposure · ${exposure.type}</div>
  <h1>${title}</h1>
  ${exposure.description === undefined ? html`<p class="muted">No description in exposures.yml.</p>` : html`<p class="lead">${exposure.description.trim()}</p>`}
  ${dashboardLink(context, page, exposure)}
</header>
<dl class="facts">
  <div><dt>Owner</dt><dd>${owner(exposure)}</dd></div>
  <div><dt>Maturity</dt><dd>${exposure.maturity === undefined ? html`<span class="muted">not stated</span>` : html`<span class="maturity maturity-${exposure.maturity}">${exposure.maturity}</span>`}</dd></div>
  <div><dt>Type</dt><dd>${exposure.type}</dd></div>
  <div><dt>Name</dt><dd><code>${exposure.name}</code></dd></div>
  ${exposure.url === undefined ? '' : html`<div><dt>URL</dt><dd><a href="${exposure.url}" rel="noopener">${exposure.url}</a></dd></div>`}
</dl>
${dependsOnSection(context, page, exposure)}
${upstreamHealth(context, page, exposure)}
${focusedLineage(context, page, exposure.id)}`;
  return pageShell(context, { page, title, current: exposure.id, sidebar: true, graph: true, body });
}

function dashboardLink(context: DocsContext, page: string, exposure: PlanExposure): SafeHtml {
  if (context.dashboards.has(exposure.name)) {
    return html`<p><a class="button" href="${linkFrom(page, dashboardPage(exposure.name))}">Open the dashboard →</a></p>`;
  }
  return html`<p class="notice">No dashboard page yet: dashboards are drawn from the marts of a built warehouse. Run <code>crm-warehouse build</code>, then <code>crm-warehouse docs</code>.</p>`;
}

function owner(exposure: PlanExposure): SafeHtml {
  const { name, email } = exposure.owner ?? {};
  if (name === undefined && email === undefined) return html`<span class="muted">not stated</span>`;
  return html`${name ?? ''}${email === undefined ? '' : html` <a href="mailto:${email}">${email}</a>`}`;
}

function dependsOnSection(context: DocsContext, page: string, exposure: PlanExposure): SafeHtml {
  const models = context.plan.models.filter((model) => exposure.dependsOn.models.includes(model.id));
  const sources = context.plan.sources.filter((source) => exposure.dependsOn.sources.includes(source.id));
  const history = context.warehouse.state === 'read' ? context.warehouse.history : undefined;
  return html`<section class="panel" id="depends-on">
<h2>Reads <span class="count">${models.length + sources.length}</span></h2>
<div class="table-wrap"><table class="data-table">
<thead><tr><th>Model</th><th>Grain</th><th>Description</th><th>Last build</th></tr></thead>
<tbody>${models.map((model) => {
    const run = history?.modelRuns.get(model.id);
    return html`<tr>
<td><a class="chip layer-${model.layer}" href="${linkFrom(page, modelPage(model.name))}"><span class="layer-dot layer-${model.layer}" aria-hidden="true"></span>${model.name}</a></td>
<td>${model.grain ?? ''}</td>
<td>${model.description?.trim() ?? ''}</td>
<td>${history === undefined ? html`<span class="muted">not run yet</span>` : html`${statusBadge(run?.status)}${run?.rows === null || run === undefined ? '' : html` <span class="muted">${run.rows.toLocaleString('en-US')} rows</span>`}`}</td>
</tr>`;
  })}${sources.map(
    (source) =>
      html`<tr><td><a class="chip layer-sources" href="${linkFrom(page, sourcePage(source.sourceName, source.tableName))}"><span class="layer-dot layer-sources" aria-hidden="true"></span>${source.sourceName}.${source.tableName}</a></td><td></td><td>${source.description ?? ''}</td><td></td></tr>`,
  )}</tbody>
</table></div>
</section>`;
}

/** Every test of every model and source upstream of the exposure: is the data behind it trustworthy today? */
function upstreamHealth(context: DocsContext, page: string, exposure: PlanExposure): SafeHtml {
  const upstream = lineageOf(context.nodes, exposure.id);
  const tests = context.plan.tests.filter((test) => upstream.has(test.attachedTo));
  const statuses = tests.map((test) => latestResult(context, test.id)?.status);
  const count = (status: string | undefined): number => statuses.filter((candidate) => candidate === status).length;
  const failing = tests.filter((test) => ['fail', 'error'].includes(latestResult(context, test.id)?.status ?? ''));
  return html`<section class="panel" id="upstream-health">
<h2>Data quality upstream</h2>
${warehouseNotice(context.warehouse)}
<p>${tests.length} tests guard the ${upstream.size - 1} models and sources this ${exposure.type} reads, directly or not.</p>
${context.warehouse.state === 'read'
  ? html`<p class="result-summary">${['pass', 'warn', 'fail', 'error'].map((status) => html`<span class="tally">${statusBadge(status)} ${count(status)}</span>`)}<span class="tally">${statusBadge(undefined)} ${count(undefined)}</span></p>
${failing.length === 0 ? '' : html`<ul class="failing-tests">${failing.map((test) => {
      const node = context.nodeById.get(test.attachedTo);
      const name = html`<code>${test.name}</code>`;
      return html`<li>${statusBadge(latestResult(context, test.id)?.status)} ${node === undefined ? name : html`<a href="${linkFrom(page, node.page, testAnchor(test.name))}">${name}</a>`}</li>`;
    })}</ul>`}`
  : ''}
</section>`;
}
