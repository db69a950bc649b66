/** Where one extract file lands: `<outDir>/raw/<table>/ingest_date=YYYY-MM-DD/part-0000.csv`. */
import { join } from 'node:path';

export const EXTRACT_FILE_NAME = 'part-0000.csv';

export function landingDayFolder(outDir: string, table: string, ingestDate: string): string {
  return join(outDir, 'raw', table, `ingest_date=${ingestDate}`);
}

export function landingFilePath(outDir: string, table: string, ingestDate: string): string {
  return join(landingDayFolder(outDir, table, ingestDate), EXTRACT_FILE_NAME);
}
