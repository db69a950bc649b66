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
 * The raw tables of one load's sources. The catalog is read, and each schema created, once for
 * all of them, on the first `ensure`: a table's own round trips are then only its DDL.
 */
export class RawTables {
  private catalog: Promise<Map<string, Set<string>>> | undefined;

  constructor(
    private readonly connection: DuckDbConnection,
    private readonly sources: readonly PlanSource[],
  ) {}

  /**
   * Creates `raw.<table>` when missing, and adds contract columns that a newer contract
   * introduced (producers may add columns, so the contract may grow). Returns whether the table
   * was new: a new table holds none of the days recorded as loaded.
   */
  async ensure(source: PlanSource): Promise<boolean> {
    this.catalog ??= this.readCatalog();
    const present = (await this.catalog).get(catalogKey(source.relation.schema, source.relation.name));
    const columns = rawColumns(source);
    if (present === undefined) {
      const definitions = columns.map((column) => `  ${quoteIdentifier(column.name)} ${columnType(column)}`);
      await this.connection.execute(`create table if not exists ${qualified(source.relation)} (\n${definitions.join(',\n')}\n)`);
      return true;
    }
    for (const column of columns.filter((candidate) => !present.has(candidate.name.toLowerCase()))) {
      await this.connection.execute(
        `alter table ${qualified(source.relation)} add column ${quoteIdentifier(column.name)} ${columnType(column)}`,
      );
    }
    return false;
  }

  /** Every schema of the sources created, then their tables' lower-cased column names by schema and table. */
  private async readCatalog(): Promise<Map<string, Set<string>>> {
    const schemas = [...new Set(this.sources.map((source) => source.relation.schema))];
    for (const schema of schemas) await this.connection.execute(`create schema if not exists ${schema}`);
    const rows = await this.connection.query(
      `select schema_name, table_name, column_name from duckdb_columns()
        where database_name = current_database() and schema_name in (${schemas.map(sqlString).join(', ')})`,
    );
    const tables = new Map<string, Set<string>>();
    for (const row of rows) {
      const key = catalogKey(String(row.schema_name), String(row.table_name));
      const columns = tables.get(key) ?? new Set<string>();
      columns.add(String(row.column_name).toLowerCase());
      tables.set(key, columns);
    }
    return tables;
  }
}

function catalogKey(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}
