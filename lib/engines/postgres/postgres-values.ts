/**
 * Postgres values → the engine's JSON-friendly `Row` values (engine.ts), converted exactly as
 * the DuckDB engine converts its own (duckdb-values.ts), so a row read from either engine
 * compares equal when the data is equal:
 * - bigint, integer, smallint, oid, real, double precision → number (bigint exact up to 2^53).
 * - numeric → number (a double; money is numeric(18,2), well inside a double's exact range).
 * - boolean → boolean.
 * - date → 'YYYY-MM-DD' (the session runs with DateStyle ISO).
 * - timestamp and timestamptz → ISO 8601 UTC with milliseconds, 'YYYY-MM-DDTHH:MM:SS.sssZ'
 *   (sub-millisecond digits dropped). Values a JS Date cannot hold (±infinity) keep Postgres's text.
 * - arrays and any other structured value → JSON text; everything else (time, interval, uuid,
 *   bytea, json) → Postgres's text form.
 * Column names that repeat in one result get DuckDB's suffixes (`x`, `x:1`, `x:2`).
 */
import type { ParserOptions } from '@electric-sql/pglite';
import type { Row } from '../engine.ts';

export type RowValue = Row[string];

const TYPE = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  bytea: 17,
  jsonb: 3802,
} as const;

const asNumber = (text: string): number => Number(text);
const asText = (text: string): string => text;

/** Given to PGlite at open: its defaults would return bigint, Date, Uint8Array and parsed JSON. */
export const postgresParsers: ParserOptions = {
  [TYPE.bool]: (text) => text === 't',
  [TYPE.int8]: asNumber,
  [TYPE.int2]: asNumber,
  [TYPE.int4]: asNumber,
  [TYPE.oid]: asNumber,
  [TYPE.float4]: asNumber,
  [TYPE.float8]: asNumber,
  [TYPE.numeric]: asNumber,
  [TYPE.date]: asText,
  [TYPE.timestamp]: isoTimestamp,
  [TYPE.timestamptz]: isoTimestamp,
  [TYPE.bytea]: asText,
  [TYPE.json]: asText,
  [TYPE.jsonb]: asText,
};

// Postgres's ISO output: `2026-11-24 10:15:00.123456`, years past 9999 longer, ` BC` for
// negative years, and for timestamptz an offset such as `+00` or `+05:30`.
const TIMESTAMP_TEXT =
  /^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?)?( BC)?$/;

export function isoTimestamp(text: string): string {
  const match = TIMESTAMP_TEXT.exec(text);
  if (!match) return text;
  const [, year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes, offsetSeconds, bc] = match;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(bc ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), Number((fraction ?? '').padEnd(3, '0').slice(0, 3)));
  if (sign !== undefined) {
    const offsetSecondsTotal = Number(offsetHours) * 3600 + Number(offsetMinutes ?? 0) * 60 + Number(offsetSeconds ?? 0);
    date.setTime(date.getTime() - (sign === '-' ? -1 : 1) * offsetSecondsTotal * 1000);
  }
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/** A value after PGlite's parsers: arrays (and anything else structured) become JSON text. */
export function toRowValue(value: unknown): RowValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  return JSON.stringify(value, (_key, nested: unknown) => (typeof nested === 'bigint' ? Number(nested) : nested));
}

/** DuckDB's names for repeated columns: the first keeps its name, the next get `:1`, `:2`. */
export function deduplicatedNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count > 1 ? `${name}:${count - 1}` : name;
  });
}

export function rowsFromArrays(fieldNames: readonly string[], rows: readonly unknown[][]): Row[] {
  const names = deduplicatedNames(fieldNames);
  return rows.map((values) => {
    const row: Row = {};
    values.forEach((value, index) => {
      row[names[index] as string] = toRowValue(value);
    });
    return row;
  });
}
