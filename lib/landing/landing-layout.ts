/**
 * The landing layout, the same on a local folder and in S3:
 * `raw/<table>/ingest_date=YYYY-MM-DD/<file>.csv` (or `.csv.gz`), a day folder per ingest date
 * holding that day's extracts. Other files in a day folder (`_SUCCESS` markers, notes) are not
 * extracts and are passed over.
 */

export const DAY_FOLDER = /^ingest_date=(\d{4}-\d{2}-\d{2})$/;
export const EXTRACT_FILE = /\.csv(\.gz)?$/i;
export const DAY_FOLDER_PROBLEM = 'a day folder must be named ingest_date=YYYY-MM-DD with a real calendar date';

/** The folder of a table's day, relative to the landing root, with a trailing `/`. */
export function dayFolder(table: string, ingestDate: string): string {
  return `raw/${table}/ingest_date=${ingestDate}/`;
}

export function isGzipPath(path: string): boolean {
  return /\.gz$/i.test(path);
}

export function isValidDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Throws naming the first of `dates` that is not a real YYYY-MM-DD calendar date (`2026-02-30` is not). */
export function checkIngestDates(dates: readonly string[] | undefined): void {
  const bad = dates?.find((date) => !isValidDate(date));
  if (bad !== undefined) throw new Error(`ingest date ${bad} is not a YYYY-MM-DD calendar date`);
}
