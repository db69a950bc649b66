/**
 * target/docs/dashboards/index.html: the dashboards as cards, each with its first key
 * figures, so the landing page already answers "how are we doing?".
 */
import type { DashboardData } from '../dashboard-model.ts';
import { formatDate, formatTimestamp, formatValue } from '../format/value-format.ts';
import { html } from '../../docs/html/html.ts';
import { dashboardPageFile, pageLayout, type NavigationEntry } from './page-layout.ts';

/** Key figures shown per card. */
export const INDEX_FIGURES_PER_CARD = 3;

export function dashboardIndexPage(dashboards: readonly DashboardData[], navigation: readonly NavigationEntry[]): string {
  const first = dashboards[0];
  return pageLayout({
    title: 'Dashboards',
    navigation,
    scripts: [],
    body: html`<main class="dashboard dashboard-index">
<section class="page-head">
  <div class="page-title">
    <h1>Dashboards</h1>
    <p class="description">Sales, support, revenue, customer cohorts, accounts and products, read from the warehouse marts. Each dashboard names the marts it reads and the SQL behind its key figures.</p>
  </div>
  ${
    first
      ? html`<dl class="run-facts">
    <div><dt>Run date</dt><dd>${formatDate(first.runDate)}</dd></div>
    <div><dt>Data exported</dt><dd>${formatTimestamp(first.exportedAt)}</dd></div>
  </dl>`
      : ''
  }
</section>
<section class="index-cards">
${dashboards.map(
  (dashboard) => html`<a class="index-card" href="${dashboardPageFile(dashboard.exposure)}" data-dashboard="${dashboard.exposure}">
  <h2>${dashboard.label}</h2>
  <p class="description">${dashboard.description}</p>
  <dl class="index-figures">
${dashboard.kpis.slice(0, INDEX_FIGURES_PER_CARD).map(
  (tile) => html`    <div><dt>${tile.label}${tile.period ? html` <span class="index-period">· ${tile.period}</span>` : ''}</dt><dd>${formatValue(tile.value, tile.format)}</dd></div>\n`,
)}  </dl>
  <p class="index-owner">${dashboard.owner?.name ?? ''}</p>
</a>
`,
)}</section>
</main>`,
  }).text;
}
