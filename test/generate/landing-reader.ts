/** Reads a generated landing back for tests: every table's files by ingest date, parsed strictly. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsvRecords } from './read-csv-records.ts';

export interface LandingFileContent {
  readonly ingestDate: string;
  readonly header: readonly string[];
  /** Data records as parsed, fields in file order (a malformed row may be short). */
  readonly records: readonly (readonly string[])[];
}

export interface LandingRow {
  readonly ingestDate: string;
  readonly fieldCount: number;
  readonly values: Readonly<Record<string, string>>;
}

export function readLandingTable(outDir: string, table: string): LandingFileContent[] {
  const tableDir = join(outDir, 'raw', table);
  if (!existsSync(tableDir)) return [];
  return readdirSync(tableDir)
    .sort()
    .filter((folder) => existsSync(join(tableDir, folder, 'part-0000.csv')))
    .map((folder) => {
      const [header, ...records] = readCsvRecords(readFileSync(join(tableDir, folder, 'part-0000.csv'), 'utf8'));
      return { ingestDate: folder.replace('ingest_date=', ''), header: header ?? [], records };
    });
}

/** Rows of all days as column → value (missing trailing fields read as absent). */
export function landingRows(files: readonly LandingFileContent[]): LandingRow[] {
  return files.flatMap((file) =>
    file.records.map((record) => ({
      ingestDate: file.ingestDate,
      fieldCount: record.length,
      values: Object.fromEntries(file.header.map((column, index) => [column, record[index] as string])),
    })),
  );
}

/** Every file's bytes by relative path, for byte-for-byte comparisons. */
export function landingBytes(outDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(outDir, relative), { withFileTypes: true })) {
      const path = join(relative, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(path, readFileSync(join(outDir, path)));
    }
  };
  walk('raw');
  return files;
}
