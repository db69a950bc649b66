/**
 * Checks local landing files before an engine reads them, for every local loader alike (DuckDB,
 * Postgres): a gzip file that does not inflate whole, or a file without a header, is refused as
 * UNREADABLE; the others are laid out by their header (file-groups.ts), which refuses a header
 * lacking a contract column. The same files are refused with the same reasons on every engine.
 */
import type { PlanSource } from '../plan/plan.ts';
import { readCsvHeader, type CsvHeader } from './csv-header.ts';
import { layoutFiles, type FilesLayout, type RejectedFile } from './file-groups.ts';
import { verifyGzip } from './gzip-check.ts';
import { isGzipPath } from './landing-layout.ts';
import type { LandingFile } from './local-landing.ts';

/** The files' layout; unreadable files come first among the rejected. */
export async function readLayout(source: PlanSource, files: readonly LandingFile[]): Promise<FilesLayout> {
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
  return { groups: layout.groups, rejected: [...unreadable, ...layout.rejected] };
}
