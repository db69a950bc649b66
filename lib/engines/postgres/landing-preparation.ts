/**
 * Checks a day's landing files before any is read into Postgres, with the landing contract's
 * check that every local loader uses (lib/landing/read-layout.ts), then lists the readable files
 * one by one with their columns.
 */
import type { PlanSource } from '../../plan/plan.ts';
import type { RejectedFile, ScanColumn } from '../../landing/file-groups.ts';
import type { LandingFile } from '../../landing/local-landing.ts';
import { readLayout } from '../../landing/read-layout.ts';

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
  const layout = await readLayout(source, files);
  const readable = layout.groups.flatMap((group) => group.files.map((file) => ({ file, columns: group.columns })));
  // Files in path order, whatever group they fell in, so line numbers and summaries read in order.
  readable.sort((a, b) => a.file.relativePath.localeCompare(b.file.relativePath));
  return { readable, rejected: layout.rejected };
}
