/**
 * The extract files of one raw table, one per ingest day, all open while the table's entities
 * are generated: an entity's history spans several days, and writing each of its rows straight
 * into its day's file means every entity is generated exactly once.
 *
 * A day can be declared missing (the extract failed that day). Its file is not written (and a
 * stale one from an earlier run is removed); its rows go to the next day's file, as a catch-up
 * extract would carry them, or are lost when the missing day is the last one.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, rmdir } from 'node:fs/promises';
import { CsvFileWriter } from './csv-file-writer.ts';
import { landingDayFolder, landingFilePath } from './landing-paths.ts';

/** Where generators put rows: the ingest day they belong to and the fields in contract order. */
export interface RowSink {
  write(dayIndex: number, fields: readonly string[]): void;
}

/** Several writer chunks, so a flush rarely has to wait for the disk. */
const STREAM_HIGH_WATER_MARK = 1024 * 1024;

export class DailyFileSet implements RowSink {
  private readonly writers: (CsvFileWriter | undefined)[] = [];
  private rowCount = 0;

  private constructor(
    readonly table: string,
    private readonly targetDay: readonly number[],
  ) {}

  /**
   * @param options.quotableColumns columns that can hold delimiters (default: all are checked).
   * @param options.missingDay index of the ingest day that gets no file (default: none).
   */
  static async open(
    outDir: string,
    table: string,
    columns: readonly string[],
    ingestDates: readonly string[],
    options: { readonly quotableColumns?: readonly string[]; readonly missingDay?: number } = {},
  ): Promise<DailyFileSet> {
    const missingDay = options.missingDay ?? -1;
    const quotable = options.quotableColumns && columns.map((column) => options.quotableColumns?.includes(column) === true);
    const targetDay = ingestDates.map((_, day) => (day === missingDay ? day + 1 : day));
    const fileSet = new DailyFileSet(table, targetDay);
    for (const [day, ingestDate] of ingestDates.entries()) {
      if (day === missingDay) {
        await removeStaleExtract(outDir, table, ingestDate);
        fileSet.writers.push(undefined);
        continue;
      }
      await mkdir(landingDayFolder(outDir, table, ingestDate), { recursive: true });
      const stream = createWriteStream(landingFilePath(outDir, table, ingestDate), { highWaterMark: STREAM_HIGH_WATER_MARK });
      const writer = new CsvFileWriter(stream, quotable);
      writer.writeRecord(columns);
      fileSet.writers.push(writer);
    }
    return fileSet;
  }

  /** Data rows written (headers excluded). */
  get rows(): number {
    return this.rowCount;
  }

  get files(): number {
    return this.writers.filter((writer) => writer !== undefined).length;
  }

  write(dayIndex: number, fields: readonly string[]): void {
    const writer = this.writers[this.targetDay[dayIndex] ?? dayIndex];
    if (writer === undefined) return;
    writer.writeRecord(fields);
    this.rowCount += 1;
  }

  get mustWait(): boolean {
    for (const writer of this.writers) if (writer?.mustWait) return true;
    return false;
  }

  async waitForDrain(): Promise<void> {
    for (const writer of this.writers) await writer?.waitForDrain();
  }

  async close(): Promise<void> {
    for (const writer of this.writers) await writer?.close();
  }
}

/** Removes only our own file (and its folder when that is left empty): other files there are not ours. */
async function removeStaleExtract(outDir: string, table: string, ingestDate: string): Promise<void> {
  await rm(landingFilePath(outDir, table, ingestDate), { force: true });
  await rmdir(landingDayFolder(outDir, table, ingestDate)).catch(() => undefined);
}
