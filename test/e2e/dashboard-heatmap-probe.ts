/**
 * The cells of a heat table as the live ECharts instance holds them: each cell's name (`row · column`,
 * lib/dashboards/charts/heatmap-chart.ts) and value. Runs inside the page, self-contained like the
 * probes of dashboard-probes.ts.
 */
import type { Page } from 'playwright-core';

export async function heatmapCells(page: Page, chartId: string): Promise<Map<string, number>> {
  const cells = await page.evaluate((id) => {
    interface CellOption {
      readonly name?: string;
      readonly value?: unknown[];
    }
    const browser = globalThis as unknown as {
      document: { querySelector(selector: string): unknown };
      echarts: { getInstanceByDom(element: unknown): { getOption(): { series?: { data?: CellOption[] }[] } } | undefined };
    };
    const element = browser.document.querySelector(`[data-chart="${id}"]`);
    const data = (element ? browser.echarts.getInstanceByDom(element)?.getOption().series?.[0]?.data : undefined) ?? [];
    return data.map((cell) => [cell.name ?? '', Number(cell.value?.[2])] as const);
  }, chartId);
  return new Map(cells);
}
