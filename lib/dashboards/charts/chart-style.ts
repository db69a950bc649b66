/**
 * The look shared by every chart: one palette, one font, quiet axes. Kept apart from the builders
 * so the dashboards read as one product.
 */
import type { EChartsOption } from 'echarts';

/** Series colours in the order series use them: distinct hues, readable on white. */
export const SERIES_COLORS = ['#2563eb', '#0d9488', '#f59e0b', '#7c3aed', '#e11d48', '#0ea5e9', '#65a30d', '#64748b'] as const;

/** Fixed meanings, so "won" or "critical" has the same colour on every dashboard. */
export const MEANING_COLORS = {
  primary: '#2563eb',
  weighted: '#60a5fa',
  committed: '#0d9488',
  won: '#16a34a',
  lost: '#dc2626',
  neutral: '#94a3b8',
  warning: '#f59e0b',
  rate: '#7c3aed',
  low: '#16a34a',
  medium: '#f59e0b',
  high: '#ea580c',
  critical: '#dc2626',
} as const;

export const FONT_FAMILY = 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif';

const AXIS_TEXT = '#64748b';
const GRID_LINE = '#e2e8f0';

/** The parts of an option every chart starts from. */
export function baseOption(): EChartsOption {
  return {
    color: [...SERIES_COLORS],
    textStyle: { fontFamily: FONT_FAMILY, color: '#0f172a' },
    // Charts redraw on resize and when a Customer 360 account changes; a long animation makes that feel slow.
    animationDuration: 400,
  };
}

export function legend(): EChartsOption['legend'] {
  return { top: 0, left: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8, textStyle: { color: '#334155', fontSize: 12 } };
}

export const axisStyle = {
  axisLine: { lineStyle: { color: GRID_LINE } },
  axisTick: { show: false },
  splitLine: { lineStyle: { color: GRID_LINE, type: 'dashed' as const } },
  axisLabel: { color: AXIS_TEXT, fontSize: 11 },
  nameTextStyle: { color: AXIS_TEXT, fontSize: 11 },
};

export const tooltipStyle = {
  backgroundColor: '#ffffff',
  borderColor: '#e2e8f0',
  textStyle: { color: '#0f172a', fontSize: 12 },
  extraCssText: 'box-shadow: 0 4px 16px rgba(15, 23, 42, 0.12); border-radius: 8px;',
};
