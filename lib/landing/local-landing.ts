/**
 * Finds the landing files of a local landing folder (landing-layout.ts), for the DuckDB and
 * Postgres loaders: `<landingDir>/raw/<table>/ingest_date=YYYY-MM-DD/<anything>.csv[.gz]`.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { DAY_FOLDER, DAY_FOLDER_PROBLEM, EXTRACT_FILE, isValidDate } from './landing-layout.ts';
import type { LoadOptions } from './load-options.ts';
import type { FileStamp } from './loaded-files.ts';

export interface LandingFile {
  /** Absolute path, as handed to DuckDB. */
  readonly path: string;
  /** Path relative to the landing folder with `/` separators, as recorded in `_source_file` and the audit. */
  readonly relativePath: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
  /** From the file's `ingest_date=` folder. */
  readonly ingestDate: string;
}

export interface LandingDay {
  readonly ingestDate: string;
  /** Sorted by relative path, so scans and summaries are deterministic. */
  readonly files: readonly LandingFile[];
}

/** A local file's landing-relative path, size and version stamp, for the load orchestration. */
export function localFileDescription(file: LandingFile): { path: string; sizeBytes: number; stamp: FileStamp } {
  return { path: file.relativePath, sizeBytes: file.sizeBytes, stamp: localFileStamp(file) };
}

export function localFileStamp(file: LandingFile): FileStamp {
  return { file: file.relativePath, sizeBytes: file.sizeBytes, modifiedMs: file.modifiedMs };
}

export class LandingLayoutError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'LandingLayoutError';
  }
}

/** The days of one raw table, oldest first; none when the table's folder is absent. */
export async function findLandingDays(
  landingDir: string,
  table: string,
  ingestDates?: readonly string[],
): Promise<LandingDay[]> {
  const root = resolve(landingDir);
  const tableDir = join(root, 'raw', table);
  const wanted = ingestDates ? new Set(ingestDates) : undefined;
  const days: LandingDay[] = [];
  for (const entry of await entriesOf(tableDir)) {
    if (!entry.isDirectory()) continue;
    const dayDir = join(tableDir, entry.name);
    const match = DAY_FOLDER.exec(entry.name);
    if (!match || !isValidDate(match[1] as string)) {
      throw new LandingLayoutError(
        relativeToLanding(root, dayDir),
        DAY_FOLDER_PROBLEM,
      );
    }
    const ingestDate = match[1] as string;
    if (wanted && !wanted.has(ingestDate)) continue;
    const files = await extractFilesIn(root, dayDir, ingestDate);
    if (files.length > 0) days.push({ ingestDate, files });
  }
  return days.sort((a, b) => a.ingestDate.localeCompare(b.ingestDate));
}

/** Every source's days under a local landing folder, by table: what runLoad's `listDays` gives for DuckDB and Postgres. */
export async function findLandingDaysByTable(options: LoadOptions): Promise<Map<string, LandingDay[]>> {
  const found = await Promise.all(
    options.sources.map(async (source) => [source.tableName, await findLandingDays(options.landingDir, source.tableName, options.ingestDates)] as const),
  );
  return new Map(found);
}

async function extractFilesIn(root: string, dayDir: string, ingestDate: string): Promise<LandingFile[]> {
  const files: LandingFile[] = [];
  for (const entry of await entriesOf(dayDir)) {
    if (!entry.isFile() || !EXTRACT_FILE.test(entry.name)) continue;
    const path = join(dayDir, entry.name);
    const info = await stat(path);
    files.push({ path, relativePath: relativeToLanding(root, path), sizeBytes: info.size, modifiedMs: info.mtimeMs, ingestDate });
  }
  return files.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
}

async function entriesOf(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function relativeToLanding(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}
