/**
 * Matches a landing file's header against the contract, as the DuckDB loader does
 * (duckdb/csv-layout.ts): COPY maps CSV fields to columns by position, so the COPY column list
 * follows the header. Extra columns (producers may add columns) are loaded into placeholder text
 * columns and dropped; a file lacking a contract column is rejected as a whole, because loading it
 * would silently null that column for every row. Names match case-insensitively.
 *
 * Without a header (the lister did not read one) the file is taken to be in contract order; an
 * added column then makes each row fail with Redshift's "Extra column(s) found", in
 * audit.load_errors.
 */
import type { PlanSource } from '../../plan/plan.ts';

export type FileLayout =
  | { readonly kind: 'copy'; readonly columns: readonly string[] }
  | { readonly kind: 'rejected'; readonly column: string | null; readonly rawText: string; readonly reason: string };

export const EXTRA_COLUMN_PREFIX = '__extra_';

export function layoutFile(source: PlanSource, header: readonly string[] | undefined): FileLayout {
  const contract = source.columns.map((column) => column.name);
  if (header === undefined) return { kind: 'copy', columns: contract };
  const byName = new Map(contract.map((name) => [name.toLowerCase(), name]));
  const seen = new Set<string>();
  const columns = header.map((name, index) => {
    const column = byName.get(name.trim().toLowerCase());
    if (column === undefined || seen.has(column)) return `${EXTRA_COLUMN_PREFIX}${index + 1}`;
    seen.add(column);
    return column;
  });
  const missing = contract.filter((name) => !seen.has(name));
  if (missing.length === 0) return { kind: 'copy', columns };
  const rawText = header.join(',');
  if (header.length === 0) {
    return { kind: 'rejected', column: missing.join(', '), rawText, reason: 'MISSING HEADER: the file has no header row; the whole file was skipped' };
  }
  const plural = missing.length > 1 ? 's' : '';
  return {
    kind: 'rejected',
    column: missing.join(', '),
    rawText,
    reason: `MISSING COLUMN: the header lacks contract column${plural} ${missing.join(', ')}; the whole file was skipped`,
  };
}
