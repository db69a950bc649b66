/**
 * A generated landing read back into memory, one table at a time, as the records of each ingest
 * day's extract. Scenarios that rewrite a landing (the incremental chain) edit these lists and
 * write them out again: an untouched record keeps its text byte for byte, including the dirt the
 * generator planted, and only records a scenario adds or changes are encoded anew.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { CsvRecordReader } from '../landing/csv-records.ts';
import { encodeCsvRecord } from './csv-encoding.ts';
import { landingDayFolder, landingFilePath } from './landing-paths.ts';
import { RAW_TABLE_COLUMNS, type RawTableName } from './raw-tables.ts';

export interface ExtractRecord {
  /** The record as written, without its line break. */
  readonly raw: string;
  readonly fields: readonly string[];
  /** Parsed cleanly with one field per contract column: only such records are ever edited. */
  readonly wellFormed: boolean;
}

export interface ExtractTable {
  readonly table: RawTableName;
  readonly columns: readonly string[];
  /** Per ingest day (by index), that day's records, or undefined when the day has no file. */
  readonly days: (ExtractRecord[] | undefined)[];
}

export function recordOf(fields: readonly string[]): ExtractRecord {
  return { raw: encodeCsvRecord(fields).slice(0, -1), fields, wellFormed: true };
}

export async function readExtractTable(landingDir: string, table: RawTableName, ingestDates: readonly string[]): Promise<ExtractTable> {
  const columns = RAW_TABLE_COLUMNS[table];
  const days: (ExtractRecord[] | undefined)[] = [];
  for (const ingestDate of ingestDates) {
    const path = landingFilePath(landingDir, table, ingestDate);
    if (!existsSync(path)) {
      days.push(undefined);
      continue;
    }
    const reader = new CsvRecordReader();
    const [, ...records] = [...reader.feed(await readFile(path, 'utf8')), ...reader.end()];
    days.push(
      records.map((record) => ({
        raw: record.raw,
        fields: record.fields,
        wellFormed: record.error === undefined && record.fields.length === columns.length,
      })),
    );
  }
  return { table, columns, days };
}

/** Writes one extract file (header first) under `landingDir` in the landing layout. */
export async function writeExtractFile(
  landingDir: string,
  table: RawTableName,
  ingestDate: string,
  records: readonly ExtractRecord[],
): Promise<void> {
  await mkdir(landingDayFolder(landingDir, table, ingestDate), { recursive: true });
  const lines = [RAW_TABLE_COLUMNS[table].join(','), ...records.map((record) => record.raw)];
  await writeFile(landingFilePath(landingDir, table, ingestDate), `${lines.join('\n')}\n`);
}
