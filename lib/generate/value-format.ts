/**
 * Text forms of values in the landing contract: ISO 8601 UTC timestamps without fractions
 * (`2026-11-24T10:15:00Z`), `YYYY-MM-DD` dates and two-decimal numbers. Timestamps are the most
 * frequent field of all, so one is assembled from two cached pieces (`2026-11-24T` and
 * `10:15:00Z`) instead of going through Date or seven concatenations.
 */
import { SECONDS_PER_DAY } from './ingest-calendar.ts';

const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));
/** `HH:MM:SSZ` for every second of a day (about 2 MB, built once). */
const TIME_OF_DAY_SUFFIX = Array.from(
  { length: SECONDS_PER_DAY },
  (_, second) => `${TWO_DIGITS[Math.floor(second / 3600)]}:${TWO_DIGITS[Math.floor(second / 60) % 60]}:${TWO_DIGITS[second % 60]}Z`,
);
/** Days from 1970 to 2149: an array lookup is several times faster than a Map here. */
const CACHED_DAYS = 65_536;
const dayPrefixes: (string | undefined)[] = new Array<string | undefined>(CACHED_DAYS);

/** `YYYY-MM-DDT` of a day counted from the epoch. */
function dayPrefix(day: number): string {
  let prefix = day >= 0 && day < CACHED_DAYS ? dayPrefixes[day] : undefined;
  if (prefix === undefined) {
    prefix = new Date(day * SECONDS_PER_DAY * 1000).toISOString().slice(0, 11);
    if (day >= 0 && day < CACHED_DAYS) dayPrefixes[day] = prefix;
  }
  return prefix;
}

/** `epochSeconds` must be a whole number of seconds. */
export function formatTimestamp(epochSeconds: number): string {
  const day = Math.floor(epochSeconds / SECONDS_PER_DAY);
  return dayPrefix(day) + (TIME_OF_DAY_SUFFIX[epochSeconds - day * SECONDS_PER_DAY] as string);
}

export function formatDate(epochSeconds: number): string {
  return dayPrefix(Math.floor(epochSeconds / SECONDS_PER_DAY)).slice(0, 10);
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
