/**
 * KPI tiles: the label, the value as formatted text, and the exact value and its format in data
 * attributes, so a test (or a curious analyst) can compare the tile with its SQL.
 */
import type { KpiTile } from '../dashboard-model.ts';
import { formatValue } from '../format/value-format.ts';
import { html, type SafeHtml } from '../../docs/html/html.ts';

export function kpiTiles(tiles: readonly KpiTile[]): SafeHtml {
  return html`<section class="kpis" aria-label="Key figures">
${tiles.map(kpiTile)}</section>`;
}

export function kpiTile(tile: KpiTile): SafeHtml {
  const atRisk = tile.tone === 'risk' && typeof tile.value === 'number' && tile.value > 0;
  return html`<article class="kpi${atRisk ? ' kpi-risk' : ''}" data-kpi="${tile.id}" data-value="${tile.value === null ? '' : String(tile.value)}" data-format="${tile.format}" title="${tile.description}">
  <h2 class="kpi-label"><span>${tile.label}</span>${tile.period ? html`<span class="kpi-period">${tile.period}</span>` : ''}</h2>
  <p class="kpi-value">${formatValue(tile.value, tile.format)}</p>
  ${tile.detail ? html`<p class="kpi-detail" data-detail-value="${tile.detailValue === null || tile.detailValue === undefined ? '' : String(tile.detailValue)}" data-detail-format="${tile.detail.format}">${kpiDetailText(tile)}</p>` : html`<p class="kpi-detail kpi-detail-empty"></p>`}
</article>
`;
}

/** `124 open deals`, `+8.1% vs prior 12 months`; nothing when the detail has no value. */
export function kpiDetailText(tile: KpiTile): string {
  if (!tile.detail || tile.detailValue === null || tile.detailValue === undefined) return '';
  return `${formatValue(tile.detailValue, tile.detail.format)} ${tile.detail.suffix}`;
}
