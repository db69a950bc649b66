/**
 * The columns of tables, in their stored order, with their types: what an incremental merge names
 * (incremental-merge.ts) and what on_schema_change compares (incremental-schema-change.ts), read
 * for the published table and for the increment built beside it. information_schema.columns lists
 * a table's columns on DuckDB, Postgres and Redshift alike (for tables; the late-binding views it
 * would miss on Redshift are never merged into: https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_COLUMNS.html).
 */
import type { Row } from '../engines/engine.ts';
import { qualified, type Relation } from '../plan/plan.ts';
import { sqlString } from '../sql/literals.ts';

export interface ColumnType {
  readonly name: string;
  /** As the engine spells it in DDL: `integer`, `character varying(256)`, `numeric(18,2)`, `DECIMAL(18,2)`. */
  readonly type: string;
}

export type PublishedColumns = Readonly<Record<string, readonly ColumnType[]>>;

export function publishedColumnsQuery(relations: readonly Relation[]): string {
  const names = relations.length === 0 ? "''" : [...new Set(relations.map(qualified))].map(sqlString).join(', ');
  return `select table_schema || '.' || table_name as relation_name, column_name, data_type,
       character_maximum_length, numeric_precision, numeric_scale
  from information_schema.columns
 where table_schema || '.' || table_name in (${names})
 order by table_schema, table_name, ordinal_position`;
}

/** The query's rows as `{ 'schema.name': [column, …] }`, each list in stored order. */
export function publishedColumns(rows: readonly Row[]): PublishedColumns {
  const columns: Record<string, ColumnType[]> = {};
  for (const row of rows) (columns[String(row.relation_name)] ??= []).push({ name: String(row.column_name), type: typeText(row) });
  return columns;
}

export function columnNames(columns: readonly ColumnType[] | undefined): string[] {
  return (columns ?? []).map((column) => column.name);
}

/**
 * Postgres and Redshift give the length and the precision apart from the type name; DuckDB writes
 * them into it (`DECIMAL(18,2)`) and gives precision for integers too, so only a bare
 * numeric/decimal or character type takes them.
 */
function typeText(row: Row): string {
  const type = String(row.data_type ?? '');
  if (type.includes('(')) return type;
  const length = row.character_maximum_length;
  if (length !== null && length !== undefined && /char/i.test(type)) return `${type}(${String(length)})`;
  const precision = row.numeric_precision;
  if (precision !== null && precision !== undefined && /^(numeric|decimal)$/i.test(type)) return `${type}(${String(precision)},${String(row.numeric_scale ?? 0)})`;
  return type;
}
