/**
 * A waterfall: from a starting total through deductions to a result (gross sales → discounts →
 * returns → revenue → cost → profit). Each step floats on an invisible base; both the step and its
 * base are figures from the query (e.g. the discounts step floats on the net amount), so the chart
 * does no arithmetic.
 */
import type { EChartsOption } from 'echarts';
import { compactFormat, type ValueFormat } from '../format/value-format.ts';
import { MEANING_COLORS, axisStyle, baseOption, tooltipStyle } from './chart-style.ts';
import { axisFormatter, labelFormatter, tooltipFormatter } from './formatter-markers.ts';

export interface WaterfallStep {
  readonly name: string;
  /** The height of the step. */
  readonly value: number;
  /** Where the step starts (0 for a total). */
  readonly base: number;
  /** A total (blue), a deduction (red) or the result the waterfall ends on (green). */
  readonly kind: 'total' | 'decrease' | 'result';
}

export interface WaterfallChartSpec {
  readonly seriesName: string;
  readonly steps: readonly WaterfallStep[];
  readonly format: ValueFormat;
}

const STEP_COLORS = { total: MEANING_COLORS.primary, decrease: MEANING_COLORS.lost, result: MEANING_COLORS.won } as const;

export function waterfallChart(spec: WaterfallChartSpec): EChartsOption {
  return {
    ...baseOption(),
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { ...tooltipStyle, trigger: 'item', formatter: tooltipFormatter([spec.format, spec.format]) },
    xAxis: {
      ...axisStyle,
      type: 'category',
      data: spec.steps.map((step) => step.name),
      splitLine: { show: false },
      axisLabel: { ...axisStyle.axisLabel, interval: 0, width: 84, overflow: 'break' },
    },
    yAxis: { ...axisStyle, type: 'value', axisLabel: { ...axisStyle.axisLabel, formatter: axisFormatter(compactFormat(spec.format)) } },
    series: [
      {
        name: 'Base',
        type: 'bar',
        stack: 'waterfall',
        silent: true,
        tooltip: { show: false },
        itemStyle: { color: 'transparent' },
        emphasis: { disabled: true },
        data: spec.steps.map((step) => step.base),
      },
      {
        name: spec.seriesName,
        type: 'bar',
        stack: 'waterfall',
        barMaxWidth: 48,
        label: { show: true, position: 'top', color: '#334155', fontSize: 11, formatter: labelFormatter(compactFormat(spec.format)) },
        data: spec.steps.map((step) => ({
          value: step.value,
          itemStyle: { color: STEP_COLORS[step.kind], borderRadius: [3, 3, 0, 0] },
        })),
      },
    ],
  };
}
