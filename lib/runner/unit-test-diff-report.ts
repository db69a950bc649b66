/**
 * How a failed unit test is shown: a message with the differing rows as an aligned table (`-`
 * expected but not returned, `+` returned but not expected), and the same rows as the JSON sample
 * of `audit.check_results`, each with a `diff` column saying which side it is from.
 */
import type { Row } from '../engines/engine.ts';
import type { UnitTestDiff } from './unit-test-comparison.ts';

/** Rows shown per side in the message; every differing row is counted, and the audit sample holds more. */
const ROWS_SHOWN = 20;

export function diffSample(diff: UnitTestDiff): Row[] {
  return [...diff.missing.map((row) => ({ diff: '-', ...row })), ...diff.unexpected.map((row) => ({ diff: '+', ...row }))];
}

export function diffMessage(diff: UnitTestDiff, columns: readonly string[], returnedColumns: readonly string[]): string {
  if (diff.missingColumns.length > 0) {
    const returned = returnedColumns.length === 0 ? '' : ` (it returns ${returnedColumns.join(', ')})`;
    return `the model returns no column ${diff.missingColumns.map((column) => `'${column}'`).join(', ')}${returned}`;
  }
  const counts = [
    diff.missing.length > 0 ? `${plural(diff.missing.length, 'expected row')} not returned (-)` : '',
    diff.unexpected.length > 0 ? `${plural(diff.unexpected.length, 'row')} returned but not expected (+)` : '',
  ].filter((part) => part !== '');
  const shown = [
    ...diff.missing.slice(0, ROWS_SHOWN).map((row) => ['-', ...columns.map((column) => cellText(row[column] ?? null))]),
    ...diff.unexpected.slice(0, ROWS_SHOWN).map((row) => ['+', ...columns.map((column) => cellText(row[column] ?? null))]),
  ];
  const table = [['', ...columns], ...shown];
  const widths = table[0]?.map((_, index) => Math.max(...table.map((line) => (line[index] ?? '').length))) ?? [];
  const lines = table.map((line) => line.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ').trimEnd());
  const hidden = Math.max(0, diff.missing.length - ROWS_SHOWN) + Math.max(0, diff.unexpected.length - ROWS_SHOWN);
  return [`${counts.join(', ')}:`, ...lines, ...(hidden > 0 ? [`... and ${hidden} more`] : [])].join('\n');
}

function cellText(value: Row[string]): string {
  if (value === null) return 'null';
  return typeof value === 'string' ? value : String(value);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
