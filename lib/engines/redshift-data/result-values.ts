/**
 * Data API result fields → the engine's JSON-friendly `Row` values (engine.ts), chosen by each
 * column's `typeName` so that a row reads the same as it does from the DuckDB engine:
 * - int2/int4/int8 (longValue) and float4/float8 (doubleValue) → number; numeric/decimal, which
 *   the Data API sends as text, → number (a double; money is decimal(18,2), well inside it).
 * - bool (booleanValue) → boolean.
 * - date → 'YYYY-MM-DD' as sent.
 * - timestamp → ISO 8601 UTC with milliseconds, 'YYYY-MM-DDTHH:MM:SS.sssZ' (warehouse timestamps
 *   are UTC; sub-millisecond digits are dropped); timestamptz → the same instant in UTC. Text a
 *   JS Date cannot hold (infinity, years beyond ±275760) is kept as sent.
 * - varchar, char, time, timetz, interval, super and the rest → their text as sent.
 * - varbyte/bytea (blobValue) → lower-case hex.
 * - SQL NULL (isNull) → null.
 */
import type { ColumnMetadata, Field } from '@aws-sdk/client-redshift-data';
import type { Row } from '../engine.ts';

export type RowValue = Row[string];

const NUMERIC_TEXT_TYPES = new Set(['numeric', 'decimal']);
const TIMESTAMP_TYPES = new Set(['timestamp', 'timestamp without time zone']);
const TIMESTAMPTZ_TYPES = new Set(['timestamptz', 'timestamp with time zone']);

export class UnknownFieldError extends Error {
  constructor(column: string, kind: string) {
    super(`column ${column}: the Data API sent a field of unknown kind '${kind}' that this engine cannot convert`);
    this.name = 'UnknownFieldError';
  }
}

export function toRowValue(field: Field, column: ColumnMetadata): RowValue {
  if (field.isNull === true) return null;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.blobValue !== undefined) return Buffer.from(field.blobValue).toString('hex');
  if (field.stringValue !== undefined) return fromText(field.stringValue, (column.typeName ?? '').toLowerCase());
  throw new UnknownFieldError(column.name ?? '?', field.$unknown?.[0] ?? 'none');
}

function fromText(text: string, typeName: string): RowValue {
  if (NUMERIC_TEXT_TYPES.has(typeName)) {
    const value = Number(text);
    return Number.isNaN(value) ? text : value;
  }
  if (TIMESTAMP_TYPES.has(typeName)) return isoTimestamp(text, 'Z');
  if (TIMESTAMPTZ_TYPES.has(typeName)) return isoTimestamp(text, '');
  return text;
}

/** '2024-01-02 03:04:05.123456' (+ a zone for timestamptz, e.g. '+00' or '+05:30') → ISO 8601 UTC. */
function isoTimestamp(text: string, zone: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!match) return text;
  const [, date, time, fraction = '', offset] = match;
  const milliseconds = (fraction.slice(1) + '000').slice(0, 3);
  const parsed = new Date(`${date}T${time}.${milliseconds}${normalizedOffset(offset) ?? zone}`);
  return Number.isNaN(parsed.getTime()) ? text : parsed.toISOString();
}

function normalizedOffset(offset: string | undefined): string | undefined {
  if (offset === undefined || offset === 'Z') return offset;
  const digits = offset.slice(1).replace(':', '');
  return `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

/** Column names for rows: a repeated name gets `:1`, `:2`… as DuckDB's deduplicated names do. */
export function columnNames(columns: readonly ColumnMetadata[]): string[] {
  const seen = new Map<string, number>();
  return columns.map((column, index) => {
    const base = column.label ?? column.name ?? `column${index}`;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}:${count}`;
  });
}

export function toRows(columns: readonly ColumnMetadata[], records: readonly (readonly Field[])[]): Row[] {
  const names = columnNames(columns);
  return records.map((fields) => {
    const row: Row = {};
    fields.forEach((field, index) => {
      row[names[index] as string] = toRowValue(field, columns[index] ?? {});
    });
    return row;
  });
}
