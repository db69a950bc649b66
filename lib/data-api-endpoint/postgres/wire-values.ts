import type { WireField } from '../statements/statement-record.ts';

/** Postgres type oids whose values the Data API sends as numbers or booleans. */
export const TYPE_OID = {
  bool: 16,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  float4: 700,
  float8: 701,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
} as const;

const LONG_TYPES: ReadonlySet<number> = new Set([TYPE_OID.int2, TYPE_OID.int4, TYPE_OID.int8, TYPE_OID.oid]);
const DOUBLE_TYPES: ReadonlySet<number> = new Set([TYPE_OID.float4, TYPE_OID.float8]);

/**
 * A value in Postgres' text format as the Data API's `Field`: integers as `longValue`, floats as
 * `doubleValue`, booleans as `booleanValue`, everything else (DECIMAL, dates, timestamps in
 * `YYYY-MM-DD HH:MI:SS`) as `stringValue`, as Redshift sends them. Non-finite floats have no JSON
 * number, so they travel as strings.
 */
export function toWireField(text: string | null, typeId: number): WireField {
  if (text === null) return { isNull: true };
  if (typeId === TYPE_OID.bool) return { booleanValue: text === 't' };
  if (LONG_TYPES.has(typeId)) return { longValue: Number(text) };
  if (DOUBLE_TYPES.has(typeId)) {
    const value = Number(text);
    return Number.isFinite(value) ? { doubleValue: value } : { stringValue: text };
  }
  return { stringValue: text };
}
