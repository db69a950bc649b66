import { describe, expect, it } from 'vitest';
import { axisFormatter, labelFormatter, nameLabelFormatter, resolveFormatter, resolveFormatters, tooltipFormatter } from '../../lib/dashboards/charts/formatter-markers.ts';

describe('chart formatter markers', () => {
  it('turn into the functions they name', () => {
    expect(resolveFormatter(axisFormatter('currency_compact'))?.(2_500_000)).toBe('$2.5M');
    expect(resolveFormatter(labelFormatter('percent'))?.({ value: 0.25 })).toBe('25.0%');
    expect(resolveFormatter(labelFormatter('count'))?.({ value: ['2026-11-24', 42] })).toBe('42');
    expect(resolveFormatter(nameLabelFormatter('count'))?.({ name: 'Won', value: 408 })).toBe('Won\n408');
  });

  it('drop a zero decimal on axis ticks', () => {
    expect(resolveFormatter(axisFormatter('percent'))?.(0.2)).toBe('20%');
    expect(resolveFormatter(axisFormatter('days'))?.(12)).toBe('12 days');
    expect(resolveFormatter(axisFormatter('percent'))?.(0.125)).toBe('12.5%');
  });

  it('write a tooltip line per series in its own format, escaping names', () => {
    const tooltip = resolveFormatter(tooltipFormatter(['currency', 'percent']));
    const html = tooltip?.([
      { seriesIndex: 0, seriesName: 'Bookings', value: 1500, axisValueLabel: 'Nov 2026' },
      { seriesIndex: 1, seriesName: 'Win <rate>', value: 0.3 },
    ]);
    expect(html).toContain('Nov 2026');
    expect(html).toContain('Bookings: <b>$1,500</b>');
    expect(html).toContain('Win &#60;rate&#62;: <b>30.0%</b>');
  });

  it('leave ECharts templates alone and replace markers anywhere in an option', () => {
    expect(resolveFormatter('{b}: {c}')).toBeUndefined();
    const option = resolveFormatters({ yAxis: [{ axisLabel: { formatter: axisFormatter('count') } }], title: { text: 'fmt' } }) as {
      yAxis: { axisLabel: { formatter: (value: number) => string } }[];
      title: { text: string };
    };
    expect(option.yAxis[0]?.axisLabel.formatter(1234)).toBe('1,234');
    expect(option.title.text).toBe('fmt');
  });

  it('read markers only where ECharts takes a formatter, so data text that looks like one stays data', () => {
    const option = resolveFormatters({
      series: [{ data: [{ name: 'fmt:tooltip:nope', value: 3 }, 'fmt:axis:count'], label: { formatter: labelFormatter('count') } }],
    }) as { series: { data: unknown[]; label: { formatter: unknown } }[] };
    expect(option.series[0]?.data).toEqual([{ name: 'fmt:tooltip:nope', value: 3 }, 'fmt:axis:count']);
    expect(typeof option.series[0]?.label.formatter).toBe('function');
  });

  it('reject a marker with an unknown kind or format', () => {
    expect(() => resolveFormatter('fmt:gauge:count')).toThrow("unknown chart formatter marker 'fmt:gauge:count'");
    expect(() => resolveFormatter('fmt:axis:furlongs')).toThrow("names no value format ('furlongs')");
  });
});
