/**
 * When two values are the same value. Floating-point numbers may differ by a relative 1e-9
 * (|a − b| ≤ 1e-9 · max(|a|, |b|)): engines add doubles in different orders, which moves the
 * last few of their ~16 significant digits. Everything else must be identical: integers,
 * decimals (each engine hands over the double nearest to the exact decimal, so equal decimals
 * are equal numbers), strings, booleans, dates and timestamps (ISO text). NaN equals NaN.
 * There is deliberately no absolute tolerance: a value that should be 0 and is 1e-17 on one
 * engine is a difference worth seeing.
 */
import type { Row } from '../../../lib/engines/engine.ts';

export const RELATIVE_TOLERANCE = 1e-9;

type Value = Row[string];

export function sameValue(left: Value, right: Value, float: boolean): boolean {
  if (left === right) return true;
  if (typeof left !== 'number' || typeof right !== 'number') return false;
  if (Number.isNaN(left) && Number.isNaN(right)) return true;
  if (!float) return false;
  return Math.abs(left - right) <= RELATIVE_TOLERANCE * Math.max(Math.abs(left), Math.abs(right));
}
