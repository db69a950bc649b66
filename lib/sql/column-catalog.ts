/**
 * Where to read the columns of any relation, views included. Redshift's information_schema.columns
 * leaves out late-binding views, the kind of every view the pipeline builds; its SVV_COLUMNS lists them
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_COLUMNS.html). DuckDB and Postgres describe every
 * relation in information_schema.columns. Both have table_schema, table_name, column_name, ordinal_position
 * and data_type.
 */
import type { TargetName } from '../plan/plan.ts';

export function columnCatalog(target: TargetName): string {
  return target === 'redshift' ? 'svv_columns' : 'information_schema.columns';
}
