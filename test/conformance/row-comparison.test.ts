import { describe, expect, it } from 'vitest';
import { compareSortedRows } from './differential/compare-rows.ts';
import { compareValues, sortColumns, sortRows } from './differential/row-order.ts';
import { RELATIVE_TOLERANCE, sameValue } from './differential/value-tolerance.ts';

const columns = sortColumns([
  { name: 'id', float: false },
  { name: 'ratio', float: true },
  { name: 'amount', float: false },
  { name: 'label', float: false },
]);

describe('sameValue', () => {
  it('lets doubles differ by a relative 1e-9 and no more', () => {
    expect(sameValue(0.1 + 0.2, 0.3, true)).toBe(true);
    expect(sameValue(1e6, 1e6 * (1 + RELATIVE_TOLERANCE / 2), true)).toBe(true);
    expect(sameValue(1e6, 1e6 * (1 + RELATIVE_TOLERANCE * 2), true)).toBe(false);
    expect(sameValue(0, 1e-17, true)).toBe(false);
  });

  it('compares exact columns exactly, NaN included', () => {
    expect(sameValue(4323.02, 4323.03, false)).toBe(false);
    expect(sameValue(0.1 + 0.2, 0.3, false)).toBe(false);
    expect(sameValue(Number.NaN, Number.NaN, false)).toBe(true);
    expect(sameValue('2026-11-24', '2026-11-24', false)).toBe(true);
    expect(sameValue(null, 0, true)).toBe(false);
    expect(sameValue('1', 1, true)).toBe(false);
  });
});

describe('canonical row order', () => {
  it('puts exact columns before floating-point ones', () => {
    expect(columns.map((column) => column.name)).toEqual(['id', 'amount', 'label', 'ratio']);
  });

  it('orders NULL, then booleans, numbers and strings, strings by code unit', () => {
    const values = ['b', 2, null, 'B', true, -1, false, 'a'];
    expect([...values].sort((left, right) => compareValues(left, right, false))).toEqual([null, false, true, -1, 2, 'B', 'a', 'b']);
  });

  it('sorts near-equal doubles alike, so either engine gives the same order', () => {
    const rows = [
      { id: 1, ratio: 0.30000000000000004, amount: 1, label: 'x' },
      { id: 1, ratio: 0.1, amount: 1, label: 'x' },
    ];
    const other = [
      { id: 1, ratio: 0.3, amount: 1, label: 'x' },
      { id: 1, ratio: 0.1, amount: 1, label: 'x' },
    ];
    expect(sortRows(rows, columns).map((row) => row.ratio)).toEqual([0.1, 0.30000000000000004]);
    expect(compareSortedRows('m', sortRows(rows, columns), sortRows(other, columns), columns, 5)).toEqual({ differences: [], differingRows: 0 });
  });
});

describe('compareSortedRows', () => {
  const row = (id: number, amount: number, label = 'x', ratio = 0.5) => ({ id, ratio, amount, label });

  it('names the columns of a row whose key matches and most values agree', () => {
    const result = compareSortedRows('fact_orders', [row(1, 10), row(2, 4323.02)], [row(1, 10), row(2, 4323.03)], columns, 5);
    expect(result).toEqual({
      differences: [{ kind: 'value', model: 'fact_orders', columns: ['amount'], a: row(2, 4323.02), b: row(2, 4323.03) }],
      differingRows: 1,
    });
  });

  it('reports rows present on one side only, wherever they fall', () => {
    const result = compareSortedRows('dim', [row(1, 1), row(2, 2), row(4, 4)], [row(0, 0), row(2, 2), row(3, 3)], columns, 5);
    expect(result.differences).toEqual([
      { kind: 'row', model: 'dim', onlyIn: 'b', row: row(0, 0) },
      { kind: 'row', model: 'dim', onlyIn: 'a', row: row(1, 1) },
      { kind: 'row', model: 'dim', onlyIn: 'b', row: row(3, 3) },
      { kind: 'row', model: 'dim', onlyIn: 'a', row: row(4, 4) },
    ]);
  });

  it('does not pair rows with the same key that disagree on most columns', () => {
    const result = compareSortedRows('dim', [row(1, 1, 'a', 0.1)], [row(1, 2, 'b', 0.9)], columns, 5);
    expect(result.differences.map((difference) => difference.kind)).toEqual(['row', 'row']);
  });

  it('reports at most the limit and counts the rest', () => {
    const left = [1, 2, 3, 4].map((id) => row(id, 1));
    const right = [1, 2, 3, 4].map((id) => row(id, 2));
    const result = compareSortedRows('m', left, right, columns, 2);
    expect(result.differences).toHaveLength(2);
    expect(result.differingRows).toBe(4);
  });
});
