/**
 * What the browser tests read from a dashboard page. Chart probes run inside the page
 * (page.evaluate serialises the function, so each is self-contained and types the few browser
 * objects it touches itself: the project is type-checked without the DOM library). No named
 * helpers inside: a transpiler that keeps function names wraps them in a helper the page lacks.
 */
import type { Page } from 'playwright-core';

export interface ChartProbe {
  readonly id: string;
  /** Series names from the live ECharts instance (echarts.getInstanceByDom(...).getOption()). */
  readonly seriesNames: string[];
  /** Data items per series. */
  readonly dataCounts: number[];
  /** Data item names of the first series (funnel stages, donut slices). */
  readonly itemNames: string[];
  /** Data values of the first series (numbers; [x, y] pairs give y). */
  readonly firstSeriesValues: (number | null)[];
  /** Share of the chart's canvas pixels that are painted, on any of its layers. */
  readonly paintedShare: number;
}

export async function probeCharts(page: Page, selector: string): Promise<ChartProbe[]> {
  return page.evaluate((chartSelector) => {
    interface ChartElement {
      readonly dataset: Record<string, string | undefined>;
      querySelectorAll(selector: string): ArrayLike<CanvasElement>;
    }
    interface CanvasElement {
      readonly width: number;
      readonly height: number;
      getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { data: ArrayLike<number> } } | null;
    }
    interface SeriesOption {
      readonly name?: string;
      readonly data?: unknown[];
    }
    const browser = globalThis as unknown as {
      document: { querySelectorAll(selector: string): ArrayLike<ChartElement> };
      echarts: { getInstanceByDom(element: ChartElement): { getOption(): { series?: SeriesOption[] } } | undefined };
    };
    return Array.from(browser.document.querySelectorAll(chartSelector)).map((element) => {
      const instance = browser.echarts.getInstanceByDom(element);
      const series = instance?.getOption().series ?? [];
      // ECharts may draw a series on a layer of its own (a heat table's cells): a pixel is painted when any layer paints it.
      const canvases = Array.from(element.querySelectorAll('canvas'));
      const base = canvases[0];
      let painted = 0;
      let total = 1;
      if (base && base.width > 0 && base.height > 0) {
        total = base.width * base.height;
        const layers = canvases
          .filter((canvas) => canvas.width === base.width && canvas.height === base.height)
          .flatMap((canvas) => {
            const context = canvas.getContext('2d');
            return context ? [context.getImageData(0, 0, canvas.width, canvas.height).data] : [];
          });
        for (let alpha = 3; alpha < total * 4; alpha += 4) if (layers.some((pixels) => (pixels[alpha] ?? 0) > 0)) painted += 1;
      }
      const first = series[0]?.data ?? [];
      return {
        id: element.dataset.chart ?? element.dataset.accountChart ?? '',
        seriesNames: series.map((item) => item.name ?? ''),
        dataCounts: series.map((item) => item.data?.length ?? 0),
        itemNames: first.map((item) => (item !== null && typeof item === 'object' && 'name' in item ? String((item as { name: unknown }).name) : '')),
        firstSeriesValues: first.map((item) => {
          const value = item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as { value?: unknown }).value : item;
          const scalar = Array.isArray(value) ? value[value.length - 1] : value;
          return typeof scalar === 'number' ? scalar : null;
        }),
        paintedShare: painted / total,
      };
    });
  }, selector);
}

export interface TileProbe {
  readonly id: string;
  readonly label: string;
  /** data-value: the exact value, '' for none. */
  readonly value: string;
  readonly format: string;
  /** The value as the tile shows it. */
  readonly text: string;
  readonly detailValue: string | null;
  readonly detailFormat: string | null;
  readonly detailText: string | null;
  /** The SQL the page documents for the tile ("How the key figures are computed"). */
  readonly sql: string;
}

export async function probeTiles(page: Page, scope: string): Promise<TileProbe[]> {
  const tiles = page.locator(`${scope} [data-kpi]`);
  const probes: TileProbe[] = [];
  for (const tile of await tiles.all()) {
    const id = (await tile.getAttribute('data-kpi')) ?? '';
    const detail = tile.locator('.kpi-detail[data-detail-value]');
    const hasDetail = (await detail.count()) > 0;
    probes.push({
      id,
      label: (await tile.locator('.kpi-label > span').first().textContent()) ?? '',
      value: (await tile.getAttribute('data-value')) ?? '',
      format: (await tile.getAttribute('data-format')) ?? '',
      text: ((await tile.locator('.kpi-value').textContent()) ?? '').trim(),
      detailValue: hasDetail ? await detail.getAttribute('data-detail-value') : null,
      detailFormat: hasDetail ? await detail.getAttribute('data-detail-format') : null,
      detailText: hasDetail ? ((await detail.textContent()) ?? '').trim() : null,
      sql: ((await page.locator(`[data-kpi-sql="${id}"] code`).textContent()) ?? '').trim(),
    });
  }
  return probes;
}
