/** SQL literals that every engine (DuckDB, Postgres, Redshift) reads the same way. */

export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export type LiteralValue = string | number | boolean | null | undefined;

export function sqlLiteral(value: LiteralValue): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'null';
    return String(value);
  }
  return sqlString(value);
}

/** `cast('…' as timestamp)` for a JS date, in UTC without a zone suffix (all warehouse timestamps are UTC). */
export function sqlTimestamp(date: Date): string {
  return `cast(${sqlString(date.toISOString().replace('T', ' ').replace('Z', ''))} as timestamp)`;
}
