import { describe, expect, it } from 'vitest';
import { cartesianChart } from '../../lib/dashboards/charts/cartesian-chart.ts';

describe('cartesianChart', () => {
  it('puts rates on the secondary axis and labels each axis in its format', () => {
    const option = cartesianChart({
      categories: ['Oct 2026', 'Nov 2026'],
      primaryAxis: { format: 'currency_compact' },
      secondaryAxis: { format: 'percent', min: 0, max: 1 },
      series: [
        { name: 'Bookings', type: 'bar', values: [100, 200], format: 'currency' },
        { name: 'Win rate', type: 'line', axis: 'secondary', values: [0.2, null], format: 'percent' },
      ],
    });
    expect(option.yAxis).toMatchObject([{ axisLabel: { formatter: 'fmt:axis:currency_compact' } }, { max: 1, axisLabel: { formatter: 'fmt:axis:percent' } }]);
    expect(option.series).toMatchObject([{ name: 'Bookings', yAxisIndex: 0, data: [100, 200] }, { name: 'Win rate', yAxisIndex: 1, data: [0.2, null] }]);
    expect(option.tooltip).toMatchObject({ formatter: 'fmt:tooltip:currency,percent' });
  });

  it('draws a ranked list as horizontal bars, the first category on top', () => {
    const option = cartesianChart({
      categories: ['Ahmed Jones', 'Susan Patel'],
      orientation: 'horizontal',
      primaryAxis: { format: 'count' },
      series: [{ name: 'Activities', type: 'bar', values: [167, 151], format: 'count' }],
    });
    expect(option.yAxis).toMatchObject({ type: 'category', inverse: true, data: ['Ahmed Jones', 'Susan Patel'] });
    expect(option.series).toMatchObject([{ xAxisIndex: 0 }]);
  });

  it('pairs each value with its date on a time axis', () => {
    const option = cartesianChart({
      categories: ['2026-11-23', '2026-11-24'],
      axisType: 'time',
      primaryAxis: { format: 'currency_compact' },
      series: [{ name: 'Open pipeline', type: 'line', values: [5, 6], format: 'currency' }],
    });
    expect(option.series).toMatchObject([{ data: [['2026-11-23', 5], ['2026-11-24', 6]] }]);
  });

  it('rejects series that do not fit the categories or use an axis the chart lacks', () => {
    expect(() =>
      cartesianChart({
        categories: ['a', 'b'],
        primaryAxis: { format: 'count' },
        series: [
          { name: 'Short', type: 'bar', values: [1], format: 'count' },
          { name: 'Rate', type: 'line', axis: 'secondary', values: [1, 2], format: 'percent' },
        ],
      }),
    ).toThrow("invalid chart: series 'Short' has 1 values for 2 categories; series 'Rate' uses the secondary axis, which the chart does not define");
  });
});
