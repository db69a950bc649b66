/** SQL literals, quoted so that the target engine reads back exactly the value given. */
import type { TargetName } from '../plan/plan.ts';

/** A string literal for DuckDB and Postgres (standard_conforming_strings on: a backslash is itself). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A string literal for Redshift, which reads a backslash in '…' as an escape character: a value
 * ending in `\` would end the string early and let what follows run as SQL. Backslashes and
 * quotes are doubled, as Redshift's own QUOTE_LITERAL does ("Appropriately doubles any embedded
 * single quotation marks and backslashes":
 * https://docs.aws.amazon.com/redshift/latest/dg/r_QUOTE_LITERAL.html).
 */
export function redshiftString(value: string): string {
  return sqlString(value.replaceAll('\\', '\\\\'));
}

/** The string quoting of `target`, for SQL built once and sent to any engine. */
export function sqlStringFor(target: TargetName): (value: string) => string {
  return target === 'redshift' ? redshiftString : sqlString;
}

export type LiteralValue = string | number | boolean | null | undefined;

/** A literal of any scalar; strings are quoted for `target` (DuckDB/Postgres when left out). */
export function sqlLiteral(value: LiteralValue, target?: TargetName): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'null';
    return String(value);
  }
  return target === undefined ? sqlString(value) : sqlStringFor(target)(value);
}

/** `cast('…' as timestamp)` for a JS date, in UTC without a zone suffix (all warehouse timestamps are UTC). */
export function sqlTimestamp(date: Date): string {
  return `cast(${sqlString(date.toISOString().replace('T', ' ').replace('Z', ''))} as timestamp)`;
}

/** `cast('…' as timestamp)` for a timestamp the warehouse gave as text (a `loaded_through`), quoted for `target`. */
export function sqlTimestampText(text: string, target: TargetName): string {
  return `cast(${sqlStringFor(target)(text)} as timestamp)`;
}
