/**
 * Text forms of values in the landing contract: ISO 8601 UTC timestamps without fractions
 * (`2026-11-24T10:15:00Z`), `YYYY-MM-DD` dates and two-decimal numbers. These run for every
 * row, so timestamps reuse a cached date prefix instead of going through Date each time.
 */
import { SECONDS_PER_DAY } from './ingest-calendar.ts';

const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));
const datePrefixByDay = new Map<number, string>();

function datePrefix(day: number): string {
  let prefix = datePrefixByDay.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * SECONDS_PER_DAY * 1000).toISOString().slice(0, 11);
    datePrefixByDay.set(day, prefix);
  }
  return prefix;
}

/** `epochSeconds` must be a whole number of seconds. */
export function formatTimestamp(epochSeconds: number): string {
  const day = Math.floor(epochSeconds / SECONDS_PER_DAY);
  const secondOfDay = epochSeconds - day * SECONDS_PER_DAY;
  const hours = Math.floor(secondOfDay / 3600);
  const minutes = Math.floor((secondOfDay % 3600) / 60);
  const seconds = secondOfDay % 60;
  return `${datePrefix(day)}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}Z`;
}

export function formatDate(epochSeconds: number): string {
  return datePrefix(Math.floor(epochSeconds / SECONDS_PER_DAY)).slice(0, 10);
}

/** A whole number of hundredths (cents, basis points of a percent) as `123.45`; exact, no float rounding. */
export function formatHundredths(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const magnitude = Math.abs(hundredths);
  return `${sign}${Math.floor(magnitude / 100)}.${TWO_DIGITS[magnitude % 100]}`;
}

export function formatBoolean(value: boolean): string {
  return value ? 'true' : 'false';
}
