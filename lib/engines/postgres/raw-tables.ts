/**
 * The `raw` tables on Postgres: the landing contract's columns with their Postgres types
 * (contract-types.ts) plus the three load columns, as the DuckDB loader makes them. Created even
 * when a table has no file, so an absent table still builds downstream (empty); a contract
 * column added since the table was made is added to it.
 */
import { qualified } from '../../plan/plan.ts';
import type { PlanSource } from '../../plan/plan.ts';
import { sqlString } from '../../sql/literals.ts';
import { columnType, rawColumns } from '../../landing/load-columns.ts';
import { quoteIdentifier } from '../../sql/identifiers.ts';
import { contractType } from './contract-types.ts';
import type { PostgresSession } from './postgres-session.ts';

/** Returns whether the table was new: a new table holds none of the days recorded as loaded. */
export async function ensureRawTable(session: PostgresSession, source: PlanSource): Promise<boolean> {
  const { schema, name } = source.relation;
  await session.execute(`create schema if not exists ${schema}`);
  // pg_catalog rather than information_schema: the same answer, many times faster on PGlite.
  const existing = await session.query(
    `select attribute.attname as column_name
       from pg_catalog.pg_attribute as attribute
       join pg_catalog.pg_class as class on class.oid = attribute.attrelid
       join pg_catalog.pg_namespace as namespace on namespace.oid = class.relnamespace
      where namespace.nspname = ${sqlString(schema)} and class.relname = ${sqlString(name)}
        and attribute.attnum > 0 and not attribute.attisdropped`,
  );
  const columns = rawColumns(source).map((column) => ({
    name: column.name,
    type: contractType(columnType(column)).postgresType,
  }));
  if (existing.length === 0) {
    const definitions = columns.map((column) => `  ${quoteIdentifier(column.name)} ${column.type}`);
    await session.execute(`create table if not exists ${qualified(source.relation)} (\n${definitions.join(',\n')}\n)`);
    return true;
  }
  const present = new Set(existing.map((row) => String(row.column_name).toLowerCase()));
  for (const column of columns.filter((candidate) => !present.has(candidate.name.toLowerCase()))) {
    await session.execute(`alter table ${qualified(source.relation)} add column ${quoteIdentifier(column.name)} ${column.type}`);
  }
  return false;
}
