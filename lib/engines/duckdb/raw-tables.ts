/**
 * The `raw` tables: the landing contract's columns with their contract types, plus the three
 * load columns (docs/architecture.md, "Raw landing contract"). Created even when a table has no file, so
 * an absent table still builds downstream (empty).
 */
import type { PlanSource } from '../../plan/plan.ts';
import { qualified } from '../../plan/plan.ts';
import { sqlString } from '../../sql/literals.ts';
import { columnType, rawColumns } from '../../landing/load-columns.ts';
import { quoteIdentifier } from '../../sql/identifiers.ts';
import type { DuckDbConnection } from './duckdb-connection.ts';


/**
 * Creates `raw.<table>` when missing, and adds contract columns that a newer contract
 * introduced (producers may add columns, so the contract may grow). Returns whether the table
 * was new: a new table holds none of the days recorded as loaded.
 */
export async function ensureRawTable(connection: DuckDbConnection, source: PlanSource): Promise<boolean> {
  const { schema, name } = source.relation;
  await connection.execute(`create schema if not exists ${schema}`);
  const existing = await connection.query(
    `select column_name from duckdb_columns()
      where database_name = current_database() and schema_name = ${sqlString(schema)} and table_name = ${sqlString(name)}`,
  );
  const columns = rawColumns(source);
  if (existing.length === 0) {
    const definitions = columns.map((column) => `  ${quoteIdentifier(column.name)} ${columnType(column)}`);
    await connection.execute(`create table if not exists ${qualified(source.relation)} (\n${definitions.join(',\n')}\n)`);
    return true;
  }
  const present = new Set(existing.map((row) => String(row.column_name).toLowerCase()));
  for (const column of columns.filter((candidate) => !present.has(candidate.name.toLowerCase()))) {
    await connection.execute(
      `alter table ${qualified(source.relation)} add column ${quoteIdentifier(column.name)} ${columnType(column)}`,
    );
  }
  return false;
}
