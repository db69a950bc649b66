import { describe, expect, it } from 'vitest';
import { compactFormat, formatDate, formatValue, humanize } from '../../lib/dashboards/format/value-format.ts';

describe('formatValue', () => {
  it('writes money in full and compact forms, with the sign in front', () => {
    expect(formatValue(13765500, 'currency')).toBe('$13,765,500');
    expect(formatValue(13765500, 'currency_compact')).toBe('$13.8M');
    expect(formatValue(-907712.5, 'currency_compact')).toBe('-$907.7K');
    expect(formatValue(950, 'currency_compact')).toBe('$950');
    expect(formatValue(3_000_000, 'currency_compact')).toBe('$3M');
  });

  it('promotes a compact figure that rounds up to the next unit', () => {
    expect(formatValue(999_960, 'currency_compact')).toBe('$1M');
    expect(formatValue(999_940, 'currency_compact')).toBe('$999.9K');
  });

  it('never writes a negative zero', () => {
    expect(formatValue(-0.2, 'currency')).toBe('$0');
    expect(formatValue(-0.00001, 'percent_change')).toBe('0.0%');
  });

  it('writes rates as percentages and changes with their sign', () => {
    expect(formatValue(0.2162, 'percent')).toBe('21.6%');
    expect(formatValue(0.786, 'percent_change')).toBe('+78.6%');
    expect(formatValue(-0.04, 'percent_change')).toBe('-4.0%');
  });

  it('rounds halves away from zero', () => {
    expect(formatValue(0.12345, 'percent')).toBe('12.3%');
    expect(formatValue(2.25, 'decimal')).toBe('2.3');
    expect(formatValue(1234.5, 'count')).toBe('1,235');
  });

  it('writes units, dates and codes', () => {
    expect(formatValue(39.64, 'days')).toBe('39.6 days');
    expect(formatValue(1, 'days')).toBe('1.0 day');
    expect(formatValue(16.62, 'hours')).toBe('16.6 h');
    expect(formatValue('2026-11-24', 'date')).toBe('24 Nov 2026');
    expect(formatValue('closed_won', 'label')).toBe('Closed won');
    expect(formatDate('not a date')).toBe('not a date');
    expect(humanize('low_stock')).toBe('Low stock');
  });

  it('writes a missing value as a dash', () => {
    expect(formatValue(null, 'currency')).toBe('–');
    expect(formatValue(undefined, 'percent')).toBe('–');
  });

  it('has a compact form for money and counts only', () => {
    expect(compactFormat('currency')).toBe('currency_compact');
    expect(compactFormat('count')).toBe('count_compact');
    expect(compactFormat('percent')).toBe('percent');
  });
});
