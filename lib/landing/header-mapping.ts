/**
 * Matches a landing file's header against the contract. Loaders map CSV fields to columns by
 * position, so the header decides which contract column each field is. Extra columns are
 * ignored (producers may add columns); a file lacking a contract column is rejected as a whole,
 * because loading it would silently null that column for every row. Names match
 * case-insensitively, as SQL identifiers do; a repeated name counts once, its later copies are
 * extras. A file with a header and no rows is a valid, empty extract.
 */
import type { PlanSource } from '../plan/plan.ts';
import type { CsvHeader } from './csv-header.ts';

export type HeaderMapping =
  /** One entry per header field, in file order: the contract column it holds, or undefined for an extra. */
  | { readonly kind: 'mapped'; readonly columns: readonly (string | undefined)[] }
  | { readonly kind: 'rejected'; readonly column: string; readonly rawText: string; readonly reason: string };

/** A placeholder name for the extra field at `index` (0-based), read as text and dropped. */
export function extraColumnName(index: number): string {
  return `__extra_${index + 1}`;
}

export function mapHeader(source: PlanSource, header: CsvHeader): HeaderMapping {
  const contract = new Map(source.columns.map((column) => [column.name.toLowerCase(), column.name]));
  const seen = new Set<string>();
  const columns = header.columns.map((name) => {
    const column = contract.get(name.trim().toLowerCase());
    if (column === undefined || seen.has(column)) return undefined;
    seen.add(column);
    return column;
  });
  const missing = source.columns.map((column) => column.name).filter((name) => !seen.has(name));
  if (missing.length === 0) return { kind: 'mapped', columns };
  const column = missing.join(', ');
  if (header.columns.length === 0) {
    return { kind: 'rejected', column, rawText: header.text, reason: 'EMPTY FILE: no header row (0 bytes or blank); the file cannot be read' };
  }
  const plural = missing.length > 1 ? 's' : '';
  return { kind: 'rejected', column, rawText: header.text, reason: `MISSING COLUMN: the header lacks contract column${plural} ${column}; the file cannot be loaded` };
}
