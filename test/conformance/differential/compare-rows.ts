/**
 * Compares one model's rows from two warehouses, both already in the canonical order
 * (row-order.ts): a merge walk that advances both sides over equal rows (value-tolerance.ts).
 * Where they part, the two current rows count as the same row with changed values when they
 * agree on the first sort column (in these models, the key) and on at least half of all
 * columns; the report then names the columns that differ. Otherwise the row that sorts first is
 * reported as present on its side only, and the walk moves past it.
 */
import type { Row } from '../../../lib/engines/engine.ts';
import type { Difference } from './difference.ts';
import { compareRows } from './row-order.ts';
import type { SortColumn } from './row-order.ts';
import { sameValue } from './value-tolerance.ts';

export interface RowComparison {
  /** At most `limit` row and value differences, in canonical order. */
  readonly differences: Difference[];
  /** All differing rows, reported or not (a changed row counts once). */
  readonly differingRows: number;
}

export function compareSortedRows(
  model: string,
  left: readonly Row[],
  right: readonly Row[],
  columns: readonly SortColumn[],
  limit: number,
): RowComparison {
  const differences: Difference[] = [];
  let differingRows = 0;
  const note = (difference: Difference): void => {
    differingRows += 1;
    if (differences.length < limit) differences.push(difference);
  };
  let a = 0;
  let b = 0;
  while (a < left.length || b < right.length) {
    const rowA = left[a];
    const rowB = right[b];
    if (rowA === undefined) {
      note({ kind: 'row', model, onlyIn: 'b', row: rowB as Row });
      b += 1;
      continue;
    }
    if (rowB === undefined) {
      note({ kind: 'row', model, onlyIn: 'a', row: rowA });
      a += 1;
      continue;
    }
    const differing = columns.filter((column) => !sameValue(rowA[column.name] ?? null, rowB[column.name] ?? null, column.float));
    if (differing.length === 0) {
      a += 1;
      b += 1;
      continue;
    }
    const first = columns[0];
    const sameKey = first !== undefined && !differing.includes(first);
    if (sameKey && differing.length * 2 <= columns.length) {
      note({ kind: 'value', model, columns: differing.map((column) => column.name), a: rowA, b: rowB });
      a += 1;
      b += 1;
    } else if (compareRows(rowA, rowB, columns) <= 0) {
      note({ kind: 'row', model, onlyIn: 'a', row: rowA });
      a += 1;
    } else {
      note({ kind: 'row', model, onlyIn: 'b', row: rowB });
      b += 1;
    }
  }
  return { differences, differingRows };
}
