/**
 * The landing files in S3 (docs/architecture.md, "Raw landing contract"):
 * `<landingUri>/raw/<table>/ingest_date=YYYY-MM-DD/<anything>.csv` (or `.csv.gz`). The loader does
 * not list S3 itself: the caller (the CLI, with the S3 SDK; tests, with a literal) says which
 * objects each (table, day) folder holds, and this module checks that listing before any COPY.
 *
 * A COPY FROM 's3://bucket/key' loads every object whose key *starts with* that key, so a file
 * whose key is the beginning of another key in its folder (`a.csv` next to `a.csv.gz` or
 * `a.csv.bak`) cannot be loaded on its own; such a folder is refused, naming both keys. Objects that
 * are not extracts (`_SUCCESS` markers, notes, folder markers, sub-folders) are passed over, but
 * count for that check.
 */
import type { FileStamp } from '../../landing/loaded-files.ts';
import { MAX_SOURCE_FILE_BYTES } from '../../landing/load-columns.ts';
import { DAY_FOLDER_PROBLEM, EXTRACT_FILE, dayFolder, isGzipPath, isValidDate } from '../../landing/landing-layout.ts';

export interface LandingObject {
  /** Key relative to the landing URI, with `/` separators; also what `_source_file` records. */
  readonly path: string;
  /** The file's header row, when the lister read it; without it the contract's column order is assumed. */
  readonly header?: readonly string[];
  /** The object's Size and LastModified, when the lister gave them: an unchanged day is then skipped. */
  readonly sizeBytes?: number;
  readonly modifiedMs?: number;
}

/** Every object in one `raw/<table>/ingest_date=<day>/` folder. */
export interface LandingDayListing {
  readonly table: string;
  readonly ingestDate: string;
  readonly objects: readonly LandingObject[];
}

export interface LandingFileToLoad extends LandingObject {
  readonly gzip: boolean;
}

export interface LandingDay {
  readonly ingestDate: string;
  /** Sorted by path, so loads and summaries are deterministic. */
  readonly files: readonly LandingFileToLoad[];
}

export interface LandingLocation {
  /** `s3://bucket/prefix`, without a trailing slash. */
  readonly uri: string;
}

export class LandingListingError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the landing listing cannot be loaded:\n- ${problems.join('\n- ')}`);
    this.name = 'LandingListingError';
  }
}

const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;

export function parseLandingUri(uri: string): LandingLocation {
  if (!S3_URI.test(uri)) {
    throw new LandingListingError([`landingUri must look like s3://bucket/prefix, got '${uri}'`]);
  }
  return { uri: uri.replace(/\/+$/, '') };
}

/** An object's version, when the listing gave its size and LastModified. */
export function objectStamp(file: LandingFileToLoad): FileStamp | undefined {
  if (file.sizeBytes === undefined || file.modifiedMs === undefined) return undefined;
  return { file: file.path, sizeBytes: file.sizeBytes, modifiedMs: file.modifiedMs };
}

export function objectUri(location: LandingLocation, path: string): string {
  return `${location.uri}/${path}`;
}

/** The days to load per table, oldest first; throws a LandingListingError naming every problem. */
export function landingDaysByTable(
  listing: readonly LandingDayListing[],
  tables: readonly string[],
  ingestDates?: readonly string[],
): Map<string, LandingDay[]> {
  const wanted = new Set(tables);
  const dates = ingestDates ? new Set(ingestDates) : undefined;
  const problems: string[] = [];
  const days = new Map<string, Map<string, LandingFileToLoad[]>>();
  for (const folder of listing) {
    if (!wanted.has(folder.table)) continue;
    const prefix = dayFolder(folder.table, folder.ingestDate);
    if (!isValidDate(folder.ingestDate)) {
      problems.push(`${prefix}: ${DAY_FOLDER_PROBLEM}`);
      continue;
    }
    if (dates && !dates.has(folder.ingestDate)) continue;
    problems.push(...folderProblems(prefix, folder.objects));
    const files = folder.objects
      .filter((object) => isExtractIn(prefix, object.path))
      .map((object): LandingFileToLoad => ({ ...object, gzip: isGzipPath(object.path) }));
    if (files.length === 0) continue;
    const byDay = days.get(folder.table) ?? new Map<string, LandingFileToLoad[]>();
    byDay.set(folder.ingestDate, [...(byDay.get(folder.ingestDate) ?? []), ...files]);
    days.set(folder.table, byDay);
  }
  if (problems.length > 0) throw new LandingListingError(problems);
  return new Map(
    [...days].map(([table, byDay]) => [
      table,
      [...byDay]
        .map(([ingestDate, files]) => ({ ingestDate, files: [...files].sort((a, b) => a.path.localeCompare(b.path)) }))
        .sort((a, b) => a.ingestDate.localeCompare(b.ingestDate)),
    ]),
  );
}

function isExtractIn(prefix: string, path: string): boolean {
  const name = path.slice(prefix.length);
  return path.startsWith(prefix) && !name.includes('/') && EXTRACT_FILE.test(name);
}

function folderProblems(prefix: string, objects: readonly LandingObject[]): string[] {
  const problems: string[] = [];
  const paths = objects.map((object) => object.path);
  for (const path of paths) {
    if (!path.startsWith(prefix)) problems.push(`${path}: listed as part of ${prefix} but not under it`);
    else if (isExtractIn(prefix, path) && Buffer.byteLength(path, 'utf8') > MAX_SOURCE_FILE_BYTES) {
      problems.push(`${path.slice(0, 80)}…: a landing path longer than ${MAX_SOURCE_FILE_BYTES} bytes does not fit _source_file`);
    }
  }
  for (const path of paths.filter((candidate) => isExtractIn(prefix, candidate))) {
    const shadowed = paths.filter((other) => other !== path && other.startsWith(path));
    if (shadowed.length > 0) {
      problems.push(
        `${path}: COPY loads every object whose key starts with this one, so it would also load ${shadowed.join(', ')}; rename or remove one`,
      );
    }
  }
  return problems;
}
