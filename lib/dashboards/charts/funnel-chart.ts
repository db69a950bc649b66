/**
 * A funnel: stages in order, each step's width its value, labelled with the value and the share
 * that made it from the first stage (the conversion a sales leader reads off a funnel).
 */
import type { EChartsOption } from 'echarts';
import type { ValueFormat } from '../format/value-format.ts';
import { baseOption, tooltipStyle } from './chart-style.ts';
import { nameLabelFormatter, tooltipFormatter } from './formatter-markers.ts';

export interface FunnelStage {
  readonly name: string;
  readonly value: number;
  readonly color?: string;
}

export interface FunnelChartSpec {
  /** The series name, shown in the tooltip (e.g. `Deals that reached the stage`). */
  readonly seriesName: string;
  /** In funnel order; the chart keeps this order even where a later stage is larger. */
  readonly stages: readonly FunnelStage[];
  readonly format: ValueFormat;
}

export function funnelChart(spec: FunnelChartSpec): EChartsOption {
  const largest = Math.max(0, ...spec.stages.map((stage) => stage.value));
  return {
    ...baseOption(),
    tooltip: { ...tooltipStyle, trigger: 'item', formatter: tooltipFormatter([spec.format]) },
    series: [
      {
        name: spec.seriesName,
        type: 'funnel',
        // 'none' keeps the funnel order: stages are drawn as given, not sorted by value.
        sort: 'none',
        left: '8%',
        width: '84%',
        top: 8,
        bottom: 8,
        min: 0,
        max: largest,
        minSize: '18%',
        gap: 3,
        label: { show: true, position: 'inside', color: '#ffffff', fontSize: 12, fontWeight: 600, lineHeight: 16, formatter: nameLabelFormatter(spec.format) },
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        data: spec.stages.map((stage) => ({ name: stage.name, value: stage.value, ...(stage.color ? { itemStyle: { color: stage.color } } : {}) })),
      },
    ],
  };
}
