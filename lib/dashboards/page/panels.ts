/**
 * Chart, table, message and definitions panels. A chart panel is an empty box the page script fills
 * with ECharts from the exported option; the others are rendered here, so they read without any script.
 */
import type { Row } from '../../engines/engine.ts';
import type { ChartPanel, DefinitionsPanel, MessagePanel, Panel, TableColumn, TablePanel } from '../dashboard-model.ts';
import { formatValue } from '../format/value-format.ts';
import { html, type SafeHtml } from '../../docs/html/html.ts';
import { dashboardPageFile } from './page-layout.ts';

export const DEFAULT_CHART_HEIGHT = 320;

export function panels(list: readonly Panel[]): SafeHtml {
  return html`<section class="panels">
${list.map(panel)}</section>`;
}

function panel(item: Panel): SafeHtml {
  switch (item.kind) {
    case 'chart':
      return chartPanel(item);
    case 'table':
      return tablePanel(item);
    case 'message':
      return messagePanel(item);
    case 'definitions':
      return definitionsPanel(item);
  }
}

function panelHeader(panel: Panel): SafeHtml {
  return html`<header class="panel-head"><h2>${panel.title}</h2>${panel.subtitle ? html`<p>${panel.subtitle}</p>` : ''}</header>`;
}

function chartPanel(panel: ChartPanel): SafeHtml {
  return html`<article class="panel panel-${panel.width}" id="panel-${panel.id}">
  ${panelHeader(panel)}
  <div class="chart" data-chart="${panel.id}" style="height:${panel.height ?? DEFAULT_CHART_HEIGHT}px" role="img" aria-label="${panel.title}"></div>
</article>
`;
}

export function tablePanel(panel: TablePanel): SafeHtml {
  return html`<article class="panel panel-${panel.width}" id="panel-${panel.id}">
  ${panelHeader(panel)}
  ${
    panel.rows.length === 0
      ? html`<p class="empty">${panel.emptyText}</p>`
      : html`<div class="table-scroll"><table class="data-table" data-table="${panel.id}">
    <thead><tr>${panel.columns.map((column) => html`<th scope="col" class="${isNumeric(column) ? 'num' : ''}">${column.label}</th>`)}</tr></thead>
    <tbody>
${panel.rows.map((row) => html`<tr>${panel.columns.map((column) => tableCell(column, row))}</tr>\n`)}    </tbody>
  </table></div>`
  }
</article>
`;
}

function messagePanel(panel: MessagePanel): SafeHtml {
  return html`<article class="panel panel-${panel.width}" id="panel-${panel.id}">
  ${panelHeader(panel)}
  <p class="empty" data-message="${panel.id}">${panel.message}</p>
</article>
`;
}

function definitionsPanel(panel: DefinitionsPanel): SafeHtml {
  return html`<article class="panel panel-${panel.width}" id="panel-${panel.id}">
  ${panelHeader(panel)}
  <dl class="definitions" data-definitions="${panel.id}">
${panel.definitions.map((entry) => html`    <div><dt>${entry.term}</dt><dd>${entry.definition}</dd></div>
`)}  </dl>
</article>
`;
}

function tableCell(column: TableColumn, row: Row): SafeHtml {
  const value = row[column.key];
  const text = (value === null || value === undefined) && column.missingText !== undefined ? column.missingText : formatValue(value, column.format);
  const id = column.link ? row[column.link.idKey] : undefined;
  const content = column.link && id !== null && id !== undefined ? html`<a href="${dashboardPageFile(column.link.exposure)}#${encodeURIComponent(String(id))}">${text}</a>` : text;
  return isNumeric(column) ? html`<td class="num">${content}</td>` : html`<td class="text" title="${text}">${content}</td>`;
}

function isNumeric(column: TableColumn): boolean {
  return column.format !== 'text' && column.format !== 'label' && column.format !== 'date';
}
