/**
 * Checks a day's landing files before any is read into Postgres, exactly as the DuckDB loader
 * does (the same gzip check, header reader and header-to-contract layout, so both refuse the
 * same files with the same reasons): a gzip file that does not inflate whole, or a file without
 * a header, is refused as UNREADABLE; a header lacking a contract column refuses the file.
 */
import type { PlanSource } from '../../plan/plan.ts';
import { readCsvHeader } from '../../landing/csv-header.ts';
import type { CsvHeader } from '../../landing/csv-header.ts';
import { layoutFiles } from '../../landing/file-groups.ts';
import type { RejectedFile, ScanColumn } from '../../landing/file-groups.ts';
import { verifyGzip } from '../../landing/gzip-check.ts';
import { isGzipPath } from '../../landing/landing-layout.ts';
import type { LandingFile } from '../../landing/local-landing.ts';

export interface ReadableFile {
  readonly file: LandingFile;
  /** One entry per header column, in file order: a contract column name or a placeholder for an extra column. */
  readonly columns: readonly ScanColumn[];
}

export interface PreparedFiles {
  readonly readable: readonly ReadableFile[];
  readonly rejected: readonly RejectedFile[];
}

export async function prepareFiles(source: PlanSource, files: readonly LandingFile[]): Promise<PreparedFiles> {
  const unreadable: RejectedFile[] = [];
  const headed: { file: LandingFile; header: CsvHeader }[] = [];
  // All gzip checks run at once; each settles to its error (if any) so none rejects unobserved.
  const checks = files.map((file) =>
    isGzipPath(file.path) ? verifyGzip(file.path).then(() => undefined, (error: unknown) => error) : undefined,
  );
  for (const [index, file] of files.entries()) {
    try {
      const corrupt = await checks[index];
      if (corrupt !== undefined) throw corrupt;
      headed.push({ file, header: await readCsvHeader(file.path) });
    } catch (error) {
      unreadable.push({ file, column: null, rawText: '', reason: `UNREADABLE: ${(error as Error).message}; the file cannot be read` });
    }
  }
  const layout = layoutFiles(source, headed);
  const readable = layout.groups.flatMap((group) => group.files.map((file) => ({ file, columns: group.columns })));
  // Files in path order, whatever group they fell in, so line numbers and summaries read in order.
  readable.sort((a, b) => a.file.relativePath.localeCompare(b.file.relativePath));
  return { readable, rejected: [...unreadable, ...layout.rejected] };
}
