/**
 * Drawing with ECharts in the page: one instance per chart box, resized with the window, and a
 * `data-charts-ready` flag on <html> once every chart has finished rendering (browser tests and
 * screenshots wait for it rather than for a fixed delay).
 */
import type { EChartsOption, ECharts } from 'echarts';
import { browserWindow, type PageElement } from './page-globals.ts';

const drawn = new Set<ECharts>();

/** Draws (or redraws) a chart; resolves when ECharts reports the render and its animation finished. */
export function drawChart(element: PageElement, option: EChartsOption): Promise<void> {
  const { echarts } = browserWindow;
  const dom = element as unknown as HTMLElementForECharts;
  const chart = echarts.getInstanceByDom(dom) ?? echarts.init(dom, undefined, { renderer: 'canvas' });
  if (!drawn.has(chart)) {
    drawn.add(chart);
    if (drawn.size === 1) browserWindow.addEventListener('resize', () => drawn.forEach((instance) => instance.resize()));
  }
  delete element.dataset.chartReady;
  const finished = new Promise<void>((resolve) => {
    // Listen before setOption: the render it starts may finish on the next frame.
    chart.off('finished');
    chart.on('finished', () => {
      chart.off('finished');
      element.dataset.chartReady = 'true';
      resolve();
    });
  });
  // notMerge: a redrawn account chart must not keep series of the previous account.
  chart.setOption(option, { notMerge: true });
  return finished;
}

export function whenChartsFinished(renders: readonly Promise<void>[]): void {
  const root = browserWindow.document.documentElement;
  delete root.dataset.chartsReady;
  void Promise.all(renders).then(() => {
    root.dataset.chartsReady = 'true';
  });
}

/** What echarts.init takes: an HTMLElement, a DOM type this Node-typed project does not load. */
type HTMLElementForECharts = Parameters<typeof import('echarts').init>[0];
