import { describe, expect, it } from 'vitest';
import { numbers, pivot } from '../../lib/dashboards/queries/row-columns.ts';

describe('row columns', () => {
  it('pivots long rows into one series per group, in the requested order, zero where a group has no row', () => {
    const rows = [
      { month: '2026-10-01', category: 'software', revenue: 5 },
      { month: '2026-11-01', category: 'services', revenue: 7 },
      { month: '2026-11-01', category: 'other', revenue: 1 },
    ];
    expect(pivot(rows, { keyColumn: 'month', seriesColumn: 'category', valueColumn: 'revenue', rowKeys: ['2026-10-01', '2026-11-01'], seriesOrder: ['services', 'software'] })).toEqual([
      { name: 'services', values: [0, 7] },
      { name: 'software', values: [5, 0] },
      { name: 'other', values: [0, 1] },
    ]);
  });

  it('refuses rows it cannot place', () => {
    const base = { keyColumn: 'month', seriesColumn: 'category', valueColumn: 'revenue', rowKeys: ['2026-11-01'] };
    expect(() => pivot([{ month: '2026-12-01', category: 'x', revenue: 1 }], base)).toThrow("pivot: month '2026-12-01' is not one of the chart's categories");
    const twice = [
      { month: '2026-11-01', category: 'x', revenue: 1 },
      { month: '2026-11-01', category: 'x', revenue: 2 },
    ];
    expect(() => pivot(twice, base)).toThrow("pivot: two rows for month '2026-11-01' and category 'x'");
  });

  it('keeps nulls in a numeric column and rejects text', () => {
    expect(numbers([{ rate: 0.5 }, { rate: null }], 'rate')).toEqual([0.5, null]);
    expect(() => numbers([{ rate: 'high' }], 'rate')).toThrow("column rate holds 'high', not a number");
  });
});
