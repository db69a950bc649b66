/**
 * The generic landing as a CRM system carries it back: every row of every file through the format's
 * `carried`, written to the same paths. Building it gives the warehouse the system's files must give.
 */
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CsvRecordEncoder } from '../../lib/generate/csv-encoding.ts';
import { CsvRecordReader } from '../../lib/landing/csv-records.ts';
import type { SystemFormat } from '../../lib/sources/system-format.ts';

export async function writeCarriedLanding(genericDir: string, outDir: string, format: SystemFormat, runDate: string): Promise<void> {
  for (const table of await readdir(join(genericDir, 'raw'))) {
    for (const day of await readdir(join(genericDir, 'raw', table))) {
      for (const name of await readdir(join(genericDir, 'raw', table, day))) {
        const reader = new CsvRecordReader();
        const records = [...reader.feed(await readFile(join(genericDir, 'raw', table, day, name), 'utf8')), ...reader.end()];
        const [header, ...rows] = records.map((record) => record.fields);
        const columns = header ?? [];
        const encoder = new CsvRecordEncoder();
        const lines = [encoder.encodeLine(columns)];
        for (const fields of rows) {
          const row = Object.fromEntries(columns.map((column, index) => [column, fields[index] ?? '']));
          const carried = format.carried(table, row, runDate);
          if (carried === undefined) continue;
          lines.push(encoder.encodeLine(columns.map((column) => carried[column] ?? '')));
        }
        await mkdir(join(outDir, 'raw', table, day), { recursive: true });
        await writeFile(join(outDir, 'raw', table, day, name), `${lines.join('\n')}\n`);
      }
    }
  }
}
