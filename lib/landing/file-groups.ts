/**
 * Matches each landing file's header against the contract. Files with the same header (and
 * compression) are scanned together; a file lacking a contract column is rejected as a whole, because loading it
 * would silently null that column for every row. Extra columns are read as text and dropped
 * (producers may add columns). Names match case-insensitively, as SQL identifiers do.
 */
import type { PlanSource } from '../../plan/plan.ts';
import { columnType } from './raw-tables.ts';
import type { CsvHeader } from './csv-header.ts';
import type { LandingFile } from './landing-files.ts';
import { isGzipPath } from './gzip-check.ts';

export interface ScanColumn {
  /** The contract column name, or a placeholder for an extra column. */
  readonly name: string;
  readonly type: string;
}

export interface FileGroup {
  /** One entry per header column, in file order (DuckDB's `columns` option is positional). */
  readonly columns: readonly ScanColumn[];
  /** Compression is stated per scan: DuckDB's `auto` misses an upper-case `.GZ` and reads nothing. */
  readonly gzip: boolean;
  readonly files: readonly LandingFile[];
}

/** A file rejected as a whole: one load error on line 1. */
export interface RejectedFile {
  readonly file: LandingFile;
  readonly column: string | null;
  readonly rawText: string;
  readonly reason: string;
}

export interface FilesLayout {
  readonly groups: readonly FileGroup[];
  readonly rejected: readonly RejectedFile[];
}

export function layoutFiles(
  source: PlanSource,
  files: readonly { readonly file: LandingFile; readonly header: CsvHeader }[],
): FilesLayout {
  const contract = new Map(source.columns.map((column) => [column.name.toLowerCase(), column]));
  const groups = new Map<string, { columns: ScanColumn[]; gzip: boolean; files: LandingFile[] }>();
  const rejected: RejectedFile[] = [];
  for (const { file, header } of files) {
    const seen = new Set<string>();
    const columns = header.columns.map((name, index): ScanColumn => {
      const column = contract.get(name.toLowerCase());
      if (!column || seen.has(column.name)) return { name: `__extra_${index + 1}`, type: 'varchar' };
      seen.add(column.name);
      return { name: column.name, type: columnType(column) };
    });
    const missing = source.columns.filter((column) => !seen.has(column.name)).map((column) => column.name);
    if (missing.length > 0) {
      rejected.push({ file, column: missing.join(', '), rawText: header.text, reason: missingColumnsReason(header, missing) });
      continue;
    }
    const gzip = isGzipPath(file.path);
    const key = `${gzip}:${columns.map((column) => `${column.name} ${column.type}`).join(',')}`;
    const group = groups.get(key) ?? { columns, gzip, files: [] };
    group.files.push(file);
    groups.set(key, group);
  }
  return { groups: [...groups.values()], rejected };
}

function missingColumnsReason(header: CsvHeader, missing: readonly string[]): string {
  if (header.columns.length === 0) return 'MISSING HEADER: the file has no header row; the whole file was skipped';
  const plural = missing.length > 1 ? 's' : '';
  return `MISSING COLUMN: the header lacks contract column${plural} ${missing.join(', ')}; the whole file was skipped`;
}
