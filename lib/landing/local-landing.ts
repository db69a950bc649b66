/**
 * Finds the landing files (DESIGN.md, "Raw landing contract"):
 * `<landingDir>/raw/<table>/ingest_date=YYYY-MM-DD/<anything>.csv` (or `.csv.gz`).
 * Other files in a day folder (`_SUCCESS` markers, notes) are not extracts and are passed over.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

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

export class LandingLayoutError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'LandingLayoutError';
  }
}

const DAY_FOLDER = /^ingest_date=(\d{4}-\d{2}-\d{2})$/;
const EXTRACT_FILE = /\.csv(\.gz)?$/i;

export function isValidDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
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
        'a day folder must be named ingest_date=YYYY-MM-DD with a real calendar date',
      );
    }
    const ingestDate = match[1] as string;
    if (wanted && !wanted.has(ingestDate)) continue;
    const files = await extractFilesIn(root, dayDir, ingestDate);
    if (files.length > 0) days.push({ ingestDate, files });
  }
  return days.sort((a, b) => a.ingestDate.localeCompare(b.ingestDate));
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
