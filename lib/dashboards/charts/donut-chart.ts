/**
 * A donut: the parts of a whole (accounts by risk band, tickets by channel, products by stock
 * status), with the total in the middle so the chart answers "out of how many?".
 */
import type { EChartsOption } from 'echarts';
import { compactFormat, formatValue, type ValueFormat } from '../format/value-format.ts';
import { FONT_FAMILY, baseOption, legend, tooltipStyle } from './chart-style.ts';
import { labelFormatter, tooltipFormatter } from './formatter-markers.ts';

export interface DonutSlice {
  readonly name: string;
  readonly value: number;
  readonly color?: string;
}

export interface DonutChartSpec {
  readonly seriesName: string;
  readonly slices: readonly DonutSlice[];
  readonly format: ValueFormat;
  /** The caption under the total in the middle, e.g. `accounts`. */
  readonly totalLabel: string;
}

export function donutChart(spec: DonutChartSpec): EChartsOption {
  const total = spec.slices.reduce((sum, slice) => sum + slice.value, 0);
  return {
    ...baseOption(),
    legend: { ...legend(), top: 'middle', left: 'right', orient: 'vertical' },
    tooltip: { ...tooltipStyle, trigger: 'item', formatter: tooltipFormatter([spec.format]) },
    title: {
      // The total is exported with the slices (their sum), so the middle text is data, not decoration.
      text: formatValue(total, spec.format),
      subtext: spec.totalLabel,
      left: '34%',
      top: '42%',
      textAlign: 'center',
      textStyle: { fontFamily: FONT_FAMILY, fontSize: 22, fontWeight: 700, color: '#0f172a' },
      subtextStyle: { fontFamily: FONT_FAMILY, fontSize: 12, color: '#64748b' },
      itemGap: 4,
    },
    series: [
      {
        name: spec.seriesName,
        type: 'pie',
        radius: ['52%', '78%'],
        center: ['35%', '52%'],
        itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        // Values sit on the ring; outside labels get cut at the card's edge. Slivers stay unlabelled (the tooltip has them).
        label: { show: true, position: 'inside', color: '#ffffff', fontSize: 11, fontWeight: 600, formatter: labelFormatter(compactFormat(spec.format)) },
        minShowLabelAngle: 14,
        data: spec.slices.map((slice) => ({
          name: slice.name,
          value: slice.value,
          ...(slice.color ? { itemStyle: { color: slice.color } } : {}),
          // An empty slice has no arc to write on.
          ...(slice.value === 0 ? { label: { show: false } } : {}),
        })),
      },
    ],
  };
}
