/**
 * DuckDB values → the engine's JSON-friendly `Row` values (engine.ts). The runner, the audit
 * writers and the docs site all serialise rows to JSON, so nothing here returns a bigint or an
 * object:
 * - BIGINT, HUGEINT and their unsigned forms → number (exact up to 2^53; counts and ids in this
 *   warehouse stay far below that).
 * - DECIMAL → number (a double; money is decimal(18,2), well inside a double's exact range).
 * - DATE → 'YYYY-MM-DD'.
 * - TIMESTAMP (any precision) and TIMESTAMPTZ → ISO 8601 UTC with milliseconds,
 *   'YYYY-MM-DDTHH:MM:SS.sssZ' (warehouse timestamps are UTC; sub-millisecond digits are dropped).
 *   Values a JS Date cannot hold (±infinity, years beyond ±275760) keep DuckDB's own text.
 * - TIME, INTERVAL, UUID, BLOB, BIT, ENUM → DuckDB's text form.
 * - LIST, STRUCT, MAP, ARRAY, UNION → their JSON text.
 */
import {
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  dateFromTimestampMillisecondsValue,
  dateFromTimestampNanosecondsValue,
  dateFromTimestampSecondsValue,
  dateFromTimestampTZValue,
  dateFromTimestampValue,
  doubleFromDecimalValue,
} from '@duckdb/node-api';
import type { DuckDBListType, DuckDBResultReader, DuckDBStructType, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import type { Row } from '../engine.ts';

export type RowValue = Row[string];

const timestampReaders: Partial<Record<DuckDBTypeId, (value: DuckDBValue) => Date>> = {
  [DuckDBTypeId.TIMESTAMP]: dateFromTimestampValue,
  [DuckDBTypeId.TIMESTAMP_S]: dateFromTimestampSecondsValue,
  [DuckDBTypeId.TIMESTAMP_MS]: dateFromTimestampMillisecondsValue,
  [DuckDBTypeId.TIMESTAMP_NS]: dateFromTimestampNanosecondsValue,
  [DuckDBTypeId.TIMESTAMP_TZ]: dateFromTimestampTZValue,
};

const nestedTypes = new Set<DuckDBTypeId>([
  DuckDBTypeId.LIST,
  DuckDBTypeId.STRUCT,
  DuckDBTypeId.MAP,
  DuckDBTypeId.ARRAY,
  DuckDBTypeId.UNION,
  DuckDBTypeId.VARIANT,
]);

export function toRowValue(value: DuckDBValue, type: DuckDBType): RowValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  if (type.typeId === DuckDBTypeId.DECIMAL) return doubleFromDecimalValue(value);
  const readTimestamp = timestampReaders[type.typeId];
  if (readTimestamp) return isoTimestamp(readTimestamp, value);
  if (nestedTypes.has(type.typeId)) {
    return JSON.stringify(JsonDuckDBValueConverter(value, type, JsonDuckDBValueConverter));
  }
  return String(value);
}

function isoTimestamp(read: (value: DuckDBValue) => Date, value: DuckDBValue): string {
  try {
    return read(value).toISOString();
  } catch {
    // The client library throws for values outside a JS Date's range (e.g. infinity).
    return String(value);
  }
}

export function rowsFromReader(reader: DuckDBResultReader): Row[] {
  const names = reader.deduplicatedColumnNames();
  const types = reader.columnTypes();
  return reader.getRows().map((values) => {
    const row: Row = {};
    values.forEach((value, index) => {
      row[names[index] as string] = toRowValue(value, types[index] as DuckDBType);
    });
    return row;
  });
}

/**
 * A LIST of whole rows as STRUCTs (an aggregate such as `min_by(t, 0, n)` over a derived table `t`)
 * → those rows, each value as rowsFromReader gives it; NULL (no row aggregated) → none.
 */
export function rowsFromStructList(value: DuckDBValue, type: DuckDBType): Row[] {
  if (value === null) return [];
  if (!(value instanceof DuckDBListValue) || type.typeId !== DuckDBTypeId.LIST) throw new Error(`expected a LIST of STRUCT, got ${type.toString()}`);
  const rowType = (type as DuckDBListType).valueType;
  if (rowType.typeId !== DuckDBTypeId.STRUCT) throw new Error(`expected a LIST of STRUCT, got ${type.toString()}`);
  const { entryNames, entryTypes } = rowType as DuckDBStructType;
  return value.items.map((item) => {
    const entries = item instanceof DuckDBStructValue ? item.entries : {};
    return Object.fromEntries(entryNames.map((name, index) => [name, toRowValue(entries[name] ?? null, entryTypes[index] as DuckDBType)]));
  });
}
