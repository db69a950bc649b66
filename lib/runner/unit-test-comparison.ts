/**
 * Compares what a unit test's SQL returned with the rows it expects, as dbt does: only the
 * expected columns, in any row order, each expected row matched by one returned row. Values are
 * compared for what they mean rather than how the engine spells them: numbers numerically within
 * a small tolerance (decimals arrive as doubles), dates and timestamps as normalised text (the
 * engine gives `2026-01-05T10:00:00.000Z`, a test writes `2026-01-05 10:00:00`), and anything else
 * as text, so an expected `1` matches a returned varchar '1'.
 */
import type { Row } from '../engines/engine.ts';
import type { PlanUnitTest, UnitTestValue } from '../plan/plan.ts';

/**
 * Relative to the larger of 1 and the expected value. Decimals arrive as doubles, whose noise is
 * about 1e-16 of the value; 1e-12 hides that and still tells a cent apart on amounts up to ten
 * billion, and one apart on yyyymmdd date keys.
 */
const NUMBER_TOLERANCE = 1e-12;

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(?:Z|[+-]00:?00)?$/;

export interface UnitTestDiff {
  /** Expected columns the SQL does not return at all. */
  readonly missingColumns: readonly string[];
  /** Expected rows no returned row matches. */
  readonly missing: readonly Row[];
  /** Returned rows (expected columns only) that match no expected row. */
  readonly unexpected: readonly Row[];
}

export function compareUnitTestRows(returned: readonly Row[], expected: PlanUnitTest['expected']): UnitTestDiff {
  const first = returned[0];
  const missingColumns = first === undefined ? [] : expected.columns.filter((column) => !Object.hasOwn(first, column));
  if (missingColumns.length > 0) return { missingColumns, missing: [], unexpected: [] };

  const projected = returned.map((row) => Object.fromEntries(expected.columns.map((column) => [column, row[column] ?? null])) as Row);
  const unmatched = new Set(projected.keys());
  const missing: Row[] = [];
  for (const wanted of expected.rows) {
    const match = [...unmatched].find((index) => rowMatches(projected[index] as Row, wanted, expected.columns));
    if (match === undefined) missing.push({ ...wanted });
    else unmatched.delete(match);
  }
  return { missingColumns, missing, unexpected: [...unmatched].map((index) => projected[index] as Row) };
}

export function isEmptyDiff(diff: UnitTestDiff): boolean {
  return diff.missingColumns.length === 0 && diff.missing.length === 0 && diff.unexpected.length === 0;
}

function rowMatches(actual: Row, wanted: Readonly<Record<string, UnitTestValue>>, columns: readonly string[]): boolean {
  return columns.every((column) => valuesMatch(actual[column] ?? null, wanted[column] ?? null));
}

export function valuesMatch(actual: UnitTestValue, wanted: UnitTestValue): boolean {
  if (actual === null || wanted === null) return actual === wanted;
  if (typeof actual === 'number') {
    const expectedNumber = typeof wanted === 'number' ? wanted : typeof wanted === 'string' && wanted.trim() !== '' ? Number(wanted) : Number.NaN;
    return Number.isFinite(expectedNumber) && Math.abs(actual - expectedNumber) <= NUMBER_TOLERANCE * Math.max(1, Math.abs(expectedNumber));
  }
  if (typeof actual === 'boolean') return actual === wanted || String(actual) === String(wanted).trim().toLowerCase();
  const actualMoment = normalisedMoment(actual);
  const wantedMoment = typeof wanted === 'string' ? normalisedMoment(wanted) : undefined;
  if (actualMoment !== undefined && wantedMoment !== undefined) return actualMoment === wantedMoment;
  return actual === String(wanted);
}

/**
 * `YYYY-MM-DD` plus ` HH:MM:SS[.fff]` unless the time is midnight, so a date and a midnight
 * timestamp compare equal (as a test's date text cast to the column's type would).
 */
function normalisedMoment(text: string): string | undefined {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, day, hoursMinutes, seconds, fraction] = match;
  const trimmedFraction = (fraction ?? '').replace(/0+$/, '');
  const time = hoursMinutes === undefined ? '00:00:00' : `${hoursMinutes}:${seconds ?? '00'}${trimmedFraction === '' ? '' : `.${trimmedFraction}`}`;
  return time === '00:00:00' ? (day as string) : `${day} ${time}`;
}
