import { describe, expect, it } from 'vitest';
import { heatmapChart, type HeatmapSpec } from '../../lib/dashboards/charts/heatmap-chart.ts';

const spec: HeatmapSpec = {
  seriesName: 'Customer retention',
  columns: ['0', '1', '2'],
  rows: ['Jan 2026 (2)', 'Feb 2026 (1)'],
  cells: [
    { row: 'Jan 2026 (2)', column: '0', value: 1 },
    { row: 'Jan 2026 (2)', column: '1', value: 0.5 },
    { row: 'Jan 2026 (2)', column: '2', value: 1 },
    { row: 'Feb 2026 (1)', column: '0', value: 1 },
    { row: 'Feb 2026 (1)', column: '1', value: 0 },
  ],
  format: 'percent',
  colorRange: [0, 1],
};

describe('heatmapChart', () => {
  it('places each cell by its column and row index, named row · column, and leaves months that have not happened empty', () => {
    const option = heatmapChart(spec);
    expect(option.series).toMatchObject([
      {
        type: 'heatmap',
        name: 'Customer retention',
        data: [
          { name: 'Jan 2026 (2) · 0', value: [0, 0, 1] },
          { name: 'Jan 2026 (2) · 1', value: [1, 0, 0.5] },
          { name: 'Jan 2026 (2) · 2', value: [2, 0, 1] },
          { name: 'Feb 2026 (1) · 0', value: [0, 1, 1] },
          { name: 'Feb 2026 (1) · 1', value: [1, 1, 0] },
        ],
        label: { show: true, formatter: 'fmt:label:percent' },
      },
    ]);
    expect(option.xAxis).toMatchObject({ type: 'category', data: ['0', '1', '2'] });
    // The first cohort on top.
    expect(option.yAxis).toMatchObject({ type: 'category', data: ['Jan 2026 (2)', 'Feb 2026 (1)'], inverse: true });
    expect(option.tooltip).toMatchObject({ trigger: 'item', formatter: 'fmt:tooltip:percent' });
  });

  it('colours by the value on the given range', () => {
    expect(heatmapChart({ ...spec, colorRange: [0, 2] }).visualMap).toMatchObject({ min: 0, max: 2, dimension: 2 });
  });

  it('names every cell outside the categories, every cell given twice and every value that is not a number', () => {
    expect(() =>
      heatmapChart({
        ...spec,
        cells: [
          { row: 'Mar 2026 (4)', column: '0', value: 1 },
          { row: 'Jan 2026 (2)', column: '7', value: 1 },
          { row: 'Feb 2026 (1)', column: '0', value: 1 },
          { row: 'Feb 2026 (1)', column: '0', value: Number.NaN },
        ],
      }),
    ).toThrow(
      "invalid heatmap 'Customer retention': cell (Mar 2026 (4), 0) is outside the chart's rows; cell (Jan 2026 (2), 7) is outside the chart's columns; two cells for (Feb 2026 (1), 0); cell (Feb 2026 (1), 0) holds NaN, not a number",
    );
  });
});
