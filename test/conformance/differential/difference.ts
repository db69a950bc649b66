/**
 * What a differential run found: every way two warehouses built from the same project can
 * disagree, each naming the model (or test) and, where it can, the column. `a` and `b` are the
 * two warehouses in the order they were passed to compareWarehouses.
 */
import type { Row } from '../../../lib/engines/engine.ts';

export type Side = 'a' | 'b';

export type Difference =
  /** A model's relation is absent from one warehouse. */
  | { readonly kind: 'missing-relation'; readonly model: string; readonly relation: string; readonly missingFrom: Side }
  /** The relations' column names (or their order) differ. */
  | { readonly kind: 'columns'; readonly model: string; readonly a: readonly string[]; readonly b: readonly string[] }
  /** A column is floating point on one side and exact (integer, decimal, text, date…) on the other. */
  | { readonly kind: 'column-type'; readonly model: string; readonly column: string; readonly a: string; readonly b: string }
  | { readonly kind: 'row-count'; readonly model: string; readonly a: number; readonly b: number }
  /** A row that only one warehouse has (no row on the other side is close enough to be the same row). */
  | { readonly kind: 'row'; readonly model: string; readonly onlyIn: Side; readonly row: Row }
  /** The same row (see compare-rows.ts) with different values in `columns`. */
  | { readonly kind: 'value'; readonly model: string; readonly columns: readonly string[]; readonly a: Row; readonly b: Row }
  /** More differing rows in the model than were reported one by one. */
  | { readonly kind: 'more-rows'; readonly model: string; readonly omitted: number }
  /** A data test found a different number of failing rows, or ended differently, or ran on one side only. */
  | {
      readonly kind: 'check';
      readonly test: string;
      readonly phase: string;
      readonly a: CheckOutcome | undefined;
      readonly b: CheckOutcome | undefined;
    };

export interface CheckOutcome {
  readonly status: string;
  readonly failures: number;
}
