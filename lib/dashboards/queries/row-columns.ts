/**
 * Reshaping query rows for the chart builders: a column as a list, and a long table (one row per
 * month and category) as one list per category. Values are passed on as the SQL returned them.
 */
import type { Row } from '../../engines/engine.ts';

/** A numeric column of rows, nulls kept (a chart draws a gap). */
export function numbers(rows: readonly Row[], column: string): (number | null)[] {
  return rows.map((row) => {
    const value = row[column];
    if (value === null || value === undefined) return null;
    const number = Number(value);
    if (!Number.isFinite(number)) throw new Error(`column ${column} holds '${String(value)}', not a number`);
    return number;
  });
}

/** A text column of rows (null as empty). */
export function texts(rows: readonly Row[], column: string): string[] {
  return rows.map((row) => (row[column] === null || row[column] === undefined ? '' : String(row[column])));
}

export interface PivotedSeries {
  readonly name: string;
  /** One value per entry of `rowKeys` (0 where the long table has no row: nothing happened). */
  readonly values: number[];
}

/**
 * Long rows → one series per distinct `seriesColumn` value, aligned on `rowKeys` by `keyColumn`.
 * Series come in the order of `seriesOrder`, then any others in order of first appearance.
 */
export function pivot(
  rows: readonly Row[],
  options: { readonly keyColumn: string; readonly seriesColumn: string; readonly valueColumn: string; readonly rowKeys: readonly string[]; readonly seriesOrder?: readonly string[] },
): PivotedSeries[] {
  const position = new Map(options.rowKeys.map((key, index) => [key, index]));
  const series = new Map<string, number[]>();
  const seriesValues = (name: string): number[] => {
    let values = series.get(name);
    if (!values) {
      values = options.rowKeys.map(() => 0);
      series.set(name, values);
    }
    return values;
  };
  for (const name of options.seriesOrder ?? []) seriesValues(name);
  const seen = new Set<string>();
  for (const row of rows) {
    const name = String(row[options.seriesColumn]);
    const key = String(row[options.keyColumn]);
    const index = position.get(key);
    if (index === undefined) throw new Error(`pivot: ${options.keyColumn} '${key}' is not one of the chart's categories`);
    if (seen.has(`${key}\u0000${name}`)) throw new Error(`pivot: two rows for ${options.keyColumn} '${key}' and ${options.seriesColumn} '${name}'`);
    seen.add(`${key}\u0000${name}`);
    seriesValues(name)[index] = Number(row[options.valueColumn] ?? 0);
  }
  return [...series].map(([name, values]) => ({ name, values }));
}
