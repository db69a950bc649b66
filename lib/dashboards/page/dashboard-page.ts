/**
 * One dashboard page: title and run facts, KPI tiles, panels, and at the bottom where every figure
 * comes from (each tile's SQL, the marts with links to their docs pages, the exposure page).
 */
import type { DashboardData } from '../dashboard-model.ts';
import { formatDate, formatTimestamp } from '../format/value-format.ts';
import { accountSection } from './account-section.ts';
import { html, type SafeHtml } from '../../docs/html/html.ts';
import { kpiTiles } from './kpi-tiles.ts';
import { pageLayout, type NavigationEntry } from './page-layout.ts';
import { panels } from './panels.ts';

/** Where the page's files are, relative to the page (target/docs/dashboards/). */
export const ECHARTS_SCRIPT = 'assets/echarts.min.js';
export const RUNTIME_SCRIPT = 'assets/dashboards.js';

export function dataScriptPath(exposure: string): string {
  return `data/${exposure}.js`;
}

export function dashboardPage(data: DashboardData, navigation: readonly NavigationEntry[]): string {
  return pageLayout({
    title: data.label,
    current: data.exposure,
    navigation,
    scripts: [ECHARTS_SCRIPT, dataScriptPath(data.exposure), RUNTIME_SCRIPT],
    body: html`<main class="dashboard">
${pageHead(data)}
${data.kpis.length > 0 ? kpiTiles(data.kpis) : ''}
${data.accounts ? accountSection(data.accounts) : ''}
${panels(data.panels)}
${aboutSection(data)}
</main>`,
  }).text;
}

function pageHead(data: DashboardData): SafeHtml {
  return html`<section class="page-head">
  <div class="page-title">
    <h1>${data.label}</h1>
    <p class="description">${data.description}</p>
  </div>
  <dl class="run-facts">
    <div><dt>Run date</dt><dd data-run-date="${data.runDate}">${formatDate(data.runDate)}</dd></div>
    <div><dt>Data exported</dt><dd data-exported-at="${data.exportedAt}">${formatTimestamp(data.exportedAt)}</dd></div>
    ${data.martsBuiltAt ? html`<div><dt>Marts built</dt><dd>${formatTimestamp(data.martsBuiltAt)}</dd></div>` : ''}
  </dl>
</section>`;
}

function aboutSection(data: DashboardData): SafeHtml {
  const tiles = [...data.kpis, ...(data.accounts?.tiles ?? [])];
  return html`<section class="about">
  <div class="about-sources">
    <h2>About this dashboard</h2>
    <p>Owner: ${data.owner?.name ?? 'not set'}${data.owner?.email ? html` · <a href="mailto:${data.owner.email}">${data.owner.email}</a>` : ''}${data.maturity ? html` · maturity ${data.maturity}` : ''}</p>
    <p>Reads ${data.marts.map((mart, index) => html`${index > 0 ? ', ' : ''}<a href="../models/${mart}.html">${mart}</a>`)}.
      <a href="../exposures/${data.exposure}.html">Exposure page and lineage</a> · data as <a href="data/${data.exposure}.json">JSON</a>.</p>
  </div>
  <details class="kpi-sql">
    <summary>How the key figures are computed</summary>
    <dl>
${tiles.map((tile) => html`      <dt>${tile.label}</dt><dd data-kpi-sql="${tile.id}"><p>${tile.description}</p><pre><code>${tile.sql}</code></pre></dd>\n`)}    </dl>
  </details>
</section>`;
}
