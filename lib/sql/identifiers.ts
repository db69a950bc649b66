/** SQL identifiers, quoted the same way on DuckDB, Postgres and Redshift. */

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
