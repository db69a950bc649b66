/**
 * The script of every dashboard page (bundled by esbuild into assets/dashboards.js when the site is
 * written). It draws each chart panel from the exported option with ECharts (assets/echarts.min.js,
 * the global `echarts`), and on Customer 360 runs the account view. All figures come from the data
 * file (data/<exposure>.js); nothing is computed here except formatting.
 */
import type { EChartsOption } from 'echarts';
import { resolveFormatters } from '../charts/formatter-markers.ts';
import { startAccountView } from './account-view.ts';
import { drawChart, whenChartsFinished } from './chart-drawing.ts';
import { browserWindow } from './page-globals.ts';

function start(): void {
  const { document } = browserWindow;
  const data = browserWindow.CRM_DASHBOARD_DATA;
  if (!data) {
    showProblem(`The data file of this dashboard (data/${document.body.dataset.exposure ?? '?'}.js) did not load.`);
    return;
  }
  const renders = data.panels.flatMap((panel) => {
    if (panel.kind !== 'chart') return [];
    const element = document.querySelector(`[data-chart="${panel.id}"]`);
    return element ? [drawChart(element, resolveFormatters(panel.option) as EChartsOption)] : [];
  });
  if (data.accounts) {
    startAccountView(data.accounts, (accountRenders) => whenChartsFinished([...renders, ...accountRenders]));
  } else {
    whenChartsFinished(renders);
  }
}

function showProblem(message: string): void {
  const banner = browserWindow.document.createElement('p');
  banner.className = 'load-problem';
  banner.textContent = message;
  browserWindow.document.querySelector('main')?.prepend(banner);
}

if (browserWindow.document.readyState === 'loading') browserWindow.document.addEventListener('DOMContentLoaded', start);
else start();
