/** The rows `show` prints, as a Markdown-style table like dbt show's: numbers right-aligned, null empty. */
import type { Row } from '../../engines/engine.ts';

export function showTable(rows: readonly Row[]): string[] {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => columns.map((column) => cellText(row[column])));
  const widths = columns.map((column, index) => Math.max(3, column.length, ...cells.map((line) => line[index]?.length ?? 0)));
  const numeric = columns.map((column) => rows.some((row) => typeof row[column] === 'number') && rows.every((row) => row[column] === null || typeof row[column] === 'number'));
  const line = (values: readonly string[], right: readonly boolean[]) =>
    `| ${values.map((value, index) => (right[index] ? value.padStart(widths[index] ?? 0) : value.padEnd(widths[index] ?? 0))).join(' | ')} |`;
  return [
    line(columns, columns.map(() => false)),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...cells.map((values) => line(values, numeric)),
  ];
}

function cellText(value: Row[string] | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/\r?\n/g, ' ');
}
