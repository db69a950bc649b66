/**
 * The columns of published tables, in their stored order: what an incremental merge names
 * (incremental-merge.ts). information_schema.columns lists a table's columns on DuckDB,
 * Postgres and Redshift alike (for tables; the late-binding views it would miss on Redshift are
 * never merged into: https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_COLUMNS.html).
 */
import type { Row } from '../engines/engine.ts';
import { qualified, type Relation } from '../plan/plan.ts';
import { sqlString } from '../sql/literals.ts';

export type PublishedColumns = Readonly<Record<string, readonly string[]>>;

export function publishedColumnsQuery(relations: readonly Relation[]): string {
  const names = relations.length === 0 ? "''" : [...new Set(relations.map(qualified))].map(sqlString).join(', ');
  return `select table_schema || '.' || table_name as relation_name, column_name
  from information_schema.columns
 where table_schema || '.' || table_name in (${names})
 order by table_schema, table_name, ordinal_position`;
}

/** The query's rows as `{ 'schema.name': [column, …] }`, each list in stored order. */
export function publishedColumns(rows: readonly Row[]): PublishedColumns {
  const columns: Record<string, string[]> = {};
  for (const row of rows) (columns[String(row.relation_name)] ??= []).push(String(row.column_name));
  return columns;
}
