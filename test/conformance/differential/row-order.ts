/**
 * The canonical order rows are compared in, the same for every engine: rows are sorted by all
 * their columns, exact columns first in the relation's column order, then floating-point
 * columns. Within a column: NULL first, then false before true, then numbers ascending, then
 * strings by UTF-16 code units (byte order for the ASCII this warehouse holds); a column holding
 * different kinds of value on the two sides sorts by that same rank. Floating-point values sort
 * by their value rounded to 9 significant digits, so two engines' near-equal sums sort alike.
 *
 * Sorting in the comparison, not in SQL, keeps engine collations and NULL ordering out of it.
 */
import type { Row } from '../../../lib/engines/engine.ts';

type Value = Row[string];

export interface SortColumn {
  readonly name: string;
  readonly float: boolean;
}

/** Exact columns first (in the given order), then floating-point ones. */
export function sortColumns(columns: readonly SortColumn[]): SortColumn[] {
  return [...columns.filter((column) => !column.float), ...columns.filter((column) => column.float)];
}

function rank(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return 1;
  if (typeof value === 'number') return 2;
  return 3;
}

export function roundedFloat(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(9)) : value;
}

export function compareValues(left: Value, right: Value, float: boolean): number {
  const byRank = rank(left) - rank(right);
  if (byRank !== 0) return byRank;
  if (typeof left === 'number' && typeof right === 'number') {
    const [a, b] = float ? [roundedFloat(left), roundedFloat(right)] : [left, right];
    if (Number.isNaN(a) || Number.isNaN(b)) return Number(Number.isNaN(a)) - Number(Number.isNaN(b));
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  return 0;
}

export function compareRows(left: Row, right: Row, columns: readonly SortColumn[]): number {
  for (const column of columns) {
    const order = compareValues(left[column.name] ?? null, right[column.name] ?? null, column.float);
    if (order !== 0) return order;
  }
  return 0;
}

export function sortRows(rows: readonly Row[], columns: readonly SortColumn[]): Row[] {
  return [...rows].sort((left, right) => compareRows(left, right, columns));
}
