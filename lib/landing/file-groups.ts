/**
 * Groups local landing files by their header mapping (header-mapping.ts), for the DuckDB scans and
 * the Postgres copies:
 * files with the same mapping (and compression) are scanned together; a file lacking a contract
 * column is rejected as a whole. Extra columns are read as text and dropped.
 */
import type { PlanSource } from '../plan/plan.ts';
import type { CsvHeader } from './csv-header.ts';
import { extraColumnName, mapHeader } from './header-mapping.ts';
import { isGzipPath } from './landing-layout.ts';
import { columnType } from './load-columns.ts';
import type { LandingFile } from './local-landing.ts';

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
  const types = new Map(source.columns.map((column) => [column.name, columnType(column)]));
  const groups = new Map<string, { columns: ScanColumn[]; gzip: boolean; files: LandingFile[] }>();
  const rejected: RejectedFile[] = [];
  for (const { file, header } of files) {
    const mapping = mapHeader(source, header);
    if (mapping.kind === 'rejected') {
      rejected.push({ file, column: mapping.column, rawText: mapping.rawText, reason: mapping.reason });
      continue;
    }
    const columns = mapping.columns.map((name, index): ScanColumn =>
      name === undefined ? { name: extraColumnName(index), type: 'varchar' } : { name, type: types.get(name) ?? 'varchar' },
    );
    const gzip = isGzipPath(file.path);
    const key = `${gzip}:${columns.map((column) => `${column.name} ${column.type}`).join(',')}`;
    const group = groups.get(key) ?? { columns, gzip, files: [] };
    group.files.push(file);
    groups.set(key, group);
  }
  return { groups: [...groups.values()], rejected };
}
