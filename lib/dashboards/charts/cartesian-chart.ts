/**
 * Bar and line charts on a category or time axis: trends over time (monthly bookings, weekly
 * tickets, the daily pipeline), breakdowns (by stage, priority, category) and top-N lists
 * (horizontal bars). Each series states its value format; a second value axis carries rates next
 * to amounts.
 */
import type { EChartsOption } from 'echarts';
import { compactFormat, type ValueFormat } from '../format/value-format.ts';
import { axisStyle, baseOption, legend, tooltipStyle } from './chart-style.ts';
import { axisFormatter, labelFormatter, tooltipFormatter } from './formatter-markers.ts';

export interface CartesianSeries {
  readonly name: string;
  readonly type: 'bar' | 'line';
  /** One value per category (null = no value). */
  readonly values: readonly (number | null)[];
  readonly format: ValueFormat;
  /** The secondary axis (right, or top when horizontal) holds rates beside amounts. @default primary */
  readonly axis?: 'primary' | 'secondary';
  /** Series with the same stack name are stacked. */
  readonly stack?: string;
  /** Lines: fill the area under the line. */
  readonly area?: boolean;
  readonly color?: string;
  /** Print each value on its bar or point. @default false */
  readonly labels?: boolean;
  readonly dashed?: boolean;
}

export interface ValueAxis {
  readonly format: ValueFormat;
  readonly name?: string;
  readonly min?: number;
  readonly max?: number;
}

export interface CartesianChartSpec {
  /**
   * The x values in order: display labels on a category axis; ISO dates on a time axis, which
   * ECharts labels itself (months, years) — for long daily series.
   */
  readonly categories: readonly string[];
  readonly axisType?: 'category' | 'time';
  readonly series: readonly CartesianSeries[];
  readonly primaryAxis: ValueAxis;
  readonly secondaryAxis?: ValueAxis;
  /** Horizontal bars, the first category on top: for ranked top-N lists. @default vertical */
  readonly orientation?: 'vertical' | 'horizontal';
  /** Hide the legend (a single self-explanatory series). @default shown */
  readonly legend?: boolean;
}

/** Up to this many categories, every category label is shown. */
const FEW_CATEGORIES = 8;

export function cartesianChart(spec: CartesianChartSpec): EChartsOption {
  validate(spec);
  const horizontal = spec.orientation === 'horizontal';
  const timeAxis = spec.axisType === 'time';
  const categoryAxis = {
    ...axisStyle,
    type: timeAxis ? ('time' as const) : ('category' as const),
    ...(timeAxis ? {} : { data: [...spec.categories] }),
    // Top-N lists read from the top: the first (largest) category goes first.
    inverse: horizontal,
    splitLine: { show: false },
    axisLabel: {
      ...axisStyle.axisLabel,
      // A few categories (stages, priorities) are all named; long series (weeks, months) thin out their labels.
      ...(horizontal
        ? { width: 170, overflow: 'truncate' as const, interval: 0 }
        : spec.categories.length <= FEW_CATEGORIES && !timeAxis
          ? { interval: 0, width: 88, overflow: 'break' as const }
          : { hideOverlap: true }),
    },
  };
  const valueAxes = [spec.primaryAxis, ...(spec.secondaryAxis ? [spec.secondaryAxis] : [])].map((axis, index) => ({
    ...axisStyle,
    type: 'value' as const,
    name: axis.name,
    min: axis.min,
    max: axis.max,
    // Only the primary axis draws grid lines; two sets of lines would not align.
    splitLine: index === 0 ? axisStyle.splitLine : { show: false },
    axisLabel: { ...axisStyle.axisLabel, formatter: axisFormatter(axis.format) },
  }));
  const showLegend = spec.legend ?? true;
  return {
    ...baseOption(),
    legend: showLegend ? legend() : { show: false },
    grid: { left: 8, right: 16, top: showLegend ? 40 : 16, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltipStyle,
      trigger: 'axis',
      axisPointer: { type: spec.series.some((series) => series.type === 'bar') ? 'shadow' : 'line' },
      formatter: tooltipFormatter(spec.series.map((series) => series.format)),
    },
    xAxis: horizontal ? valueAxes : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxes,
    series: spec.series.map((series) => {
      const data = timeAxis ? series.values.map((value, index) => [spec.categories[index] as string, value]) : [...series.values];
      const axisIndex = series.axis === 'secondary' ? 1 : 0;
      const common = {
        name: series.name,
        data,
        ...(horizontal ? { xAxisIndex: axisIndex } : { yAxisIndex: axisIndex }),
        ...(series.stack ? { stack: series.stack } : {}),
        ...(series.color ? { itemStyle: { color: series.color } } : {}),
        label: {
          show: series.labels ?? false,
          position: horizontal ? ('right' as const) : ('top' as const),
          color: '#334155',
          fontSize: 11,
          formatter: labelFormatter(compactFormat(series.format)),
        },
        emphasis: { focus: 'series' as const },
      };
      if (series.type === 'bar') {
        return { ...common, type: 'bar' as const, barMaxWidth: horizontal ? 28 : 32, itemStyle: { ...common.itemStyle, borderRadius: horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0] } };
      }
      return {
        ...common,
        type: 'line' as const,
        smooth: false,
        showSymbol: series.values.length <= 31,
        symbolSize: 6,
        lineStyle: { width: series.stack ? 1 : 2, ...(series.color ? { color: series.color } : {}), ...(series.dashed ? { type: 'dashed' as const } : {}) },
        // Stacked areas show composition and need solid fills; a lone area is a light backdrop.
        ...(series.area ? { areaStyle: { opacity: series.stack ? 0.55 : 0.12 } } : {}),
      };
    }),
  };
}

function validate(spec: CartesianChartSpec): void {
  const problems: string[] = [];
  for (const series of spec.series) {
    if (series.values.length !== spec.categories.length) {
      problems.push(`series '${series.name}' has ${series.values.length} values for ${spec.categories.length} categories`);
    }
    if (series.axis === 'secondary' && !spec.secondaryAxis) problems.push(`series '${series.name}' uses the secondary axis, which the chart does not define`);
  }
  if (problems.length > 0) throw new Error(`invalid chart: ${problems.join('; ')}`);
}
