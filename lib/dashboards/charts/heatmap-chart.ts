/**
 * Heat tables: a value per row and column category, each cell coloured by its value and labelled
 * with it (cohort retention: acquisition month × months since). Cells without a value are left out,
 * so a triangle stays a triangle instead of showing zeros for months that have not happened.
 */
import type { EChartsOption } from 'echarts';
import type { ValueFormat } from '../format/value-format.ts';
import { axisStyle, baseOption, tooltipStyle } from './chart-style.ts';
import { labelFormatter, tooltipFormatter } from './formatter-markers.ts';

export interface HeatmapCell {
  /** A column category (one of `columns`). */
  readonly column: string;
  /** A row category (one of `rows`). */
  readonly row: string;
  readonly value: number;
}

export interface HeatmapSpec {
  readonly seriesName: string;
  /** Column categories, left to right. */
  readonly columns: readonly string[];
  /** Row categories, top to bottom. */
  readonly rows: readonly string[];
  readonly cells: readonly HeatmapCell[];
  readonly format: ValueFormat;
  /** The values the colour scale spans; values beyond take the end colours. */
  readonly colorRange: readonly [number, number];
  /** Axis names. */
  readonly columnAxisName?: string;
  readonly rowAxisName?: string;
}

/** A cell's name: its row, then its column (`Feb 2026 · 3`). */
export function heatmapCellName(row: string, column: string): string {
  return `${row} · ${column}`;
}

/** Light to dark: the larger the value, the darker the cell. */
const SCALE_COLORS = ['#eff6ff', '#93c5fd', '#2563eb', '#1e3a8a'];

export function heatmapChart(spec: HeatmapSpec): EChartsOption {
  const columnIndex = new Map(spec.columns.map((column, index) => [column, index]));
  const rowIndex = new Map(spec.rows.map((row, index) => [row, index]));
  const problems: string[] = [];
  const seen = new Set<string>();
  const data = spec.cells.flatMap((cell) => {
    const x = columnIndex.get(cell.column);
    const y = rowIndex.get(cell.row);
    if (x === undefined || y === undefined) {
      problems.push(`cell (${cell.row}, ${cell.column}) is outside the chart's ${x === undefined ? 'columns' : 'rows'}`);
      return [];
    }
    if (seen.has(`${y}:${x}`)) problems.push(`two cells for (${cell.row}, ${cell.column})`);
    seen.add(`${y}:${x}`);
    if (!Number.isFinite(cell.value)) problems.push(`cell (${cell.row}, ${cell.column}) holds ${cell.value}, not a number`);
    // Named, so the tooltip (and a test) can say which cell it is: the value only holds indexes.
    return [{ name: heatmapCellName(cell.row, cell.column), value: [x, y, cell.value] }];
  });
  if (problems.length > 0) throw new Error(`invalid heatmap '${spec.seriesName}': ${problems.join('; ')}`);
  const [low, high] = spec.colorRange;
  return {
    ...baseOption(),
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { ...tooltipStyle, trigger: 'item', position: 'top', formatter: tooltipFormatter([spec.format]) },
    xAxis: {
      ...axisStyle,
      type: 'category',
      data: [...spec.columns],
      name: spec.columnAxisName,
      nameLocation: 'middle',
      nameGap: 24,
      position: 'top',
      splitArea: { show: false },
    },
    yAxis: { ...axisStyle, type: 'category', data: [...spec.rows], name: spec.rowAxisName, inverse: true, splitArea: { show: false } },
    visualMap: { show: false, type: 'continuous', min: low, max: high, dimension: 2, inRange: { color: [...SCALE_COLORS] } },
    series: [
      {
        name: spec.seriesName,
        type: 'heatmap',
        data,
        label: { show: true, fontSize: 10, formatter: labelFormatter(spec.format) },
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#0f172a', borderWidth: 1 } },
      },
    ],
  };
}
