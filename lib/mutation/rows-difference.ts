/** A one-line account of how returned rows differ from expected ones, for a killed mutant's reason. */
import { isDeepStrictEqual } from 'node:util';
import type { Row } from '../engines/engine.ts';

export function rowsDifference(expected: readonly Row[], returned: readonly Row[]): string {
  if (expected.length !== returned.length) return `${expected.length} rows expected, ${returned.length} returned`;
  for (let index = 0; index < expected.length; index += 1) {
    const want = expected[index] as Row;
    const got = returned[index] as Row;
    if (isDeepStrictEqual(want, got)) continue;
    const columns = [...new Set([...Object.keys(want), ...Object.keys(got)])];
    const column = columns.find((name) => !isDeepStrictEqual(want[name], got[name])) ?? '?';
    return `row ${index + 1}, ${column}: expected ${JSON.stringify(want[column] ?? null)}, returned ${JSON.stringify(got[column] ?? null)}`;
  }
  return 'rows differ';
}
