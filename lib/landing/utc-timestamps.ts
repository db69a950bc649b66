/**
 * Timestamps written with a numeric UTC offset, turned into the UTC text every engine reads the
 * same way. The contract's timestamps are UTC; a producer that writes `2026-11-24T10:15:00+05:00`
 * means 05:15 UTC, but a TIMESTAMP input drops the offset on DuckDB, Postgres and Redshift alike
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_Datetime_types.html: "Time zone values in
 * input strings are ignored"). The local loaders rewrite such a value before their engine parses
 * it (Redshift's COPY converts it itself, through a TIMESTAMPTZ column), so the engine's own parser
 * still accepts or rejects every value, with its line. A value that is not a valid calendar time
 * is left as written, to be rejected there.
 */

const WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s{0,3}([+-])(\d{2})(?::?(\d{2}))?$/;

/**
 * Cheap test of a file's text: could it hold a time with an offset? It finds every value
 * utcTimestampText converts (a false alarm only costs a rewrite), and matches at most 23 characters.
 */
export const MAY_HOLD_OFFSET = /\d:\d{2}(?::\d{2}(?:\.\d{1,9})?)?\s{0,3}[+-]\d{2}/;

/** The UTC text of a timestamp with a numeric offset (`2026-11-24 05:15:00`); undefined for any other text. */
export function utcTimestampText(text: string): string | undefined {
  const match = WITH_OFFSET.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = [1, 2, 3, 4, 5, 6, 9, 10].map((group) => Number(match[group] ?? 0)) as [
    number, number, number, number, number, number, number, number,
  ];
  // setUTCFullYear, unlike Date.UTC, reads years 0-99 as written.
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  const valid =
    local.getUTCMonth() === month - 1 && local.getUTCDate() === day && hour < 24 && minute < 60 && second < 60 && offsetHours < 24 && offsetMinutes < 60;
  if (!valid) return undefined;
  local.setUTCHours(hour, minute);
  const sign = match[8] === '-' ? -1 : 1;
  const utc = new Date(local.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
  const utcYear = utc.getUTCFullYear();
  if (utcYear < 1 || utcYear > 9999) return undefined;
  const two = (value: number) => String(value).padStart(2, '0');
  const date = `${String(utcYear).padStart(4, '0')}-${two(utc.getUTCMonth() + 1)}-${two(utc.getUTCDate())}`;
  const seconds = match[6] === undefined ? '' : `:${match[6]}${match[7] ?? ''}`;
  return `${date} ${two(utc.getUTCHours())}:${two(utc.getUTCMinutes())}${seconds}`;
}
