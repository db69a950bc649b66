/**
 * Rewrites a generic landing (raw/<table>/ingest_date=D/<file>.csv) as a CRM system's export files in
 * the same layout: each generic file becomes one file per system object, `<Object>-<file>.csv`, in the
 * object's folder for the same day, so a day's files sort as the generic ones do and the staging
 * dedup's tie-break on the later file picks the same version. A table's day without rows still gets
 * its header-only files (a valid empty extract).
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { CsvRecordEncoder } from '../generate/csv-encoding.ts';
import { CsvRecordReader } from '../landing/csv-records.ts';
import type { GenericRow, SystemFormat, SystemObject } from './system-format.ts';

export interface ConvertedLanding {
  readonly files: number;
  readonly records: number;
}

/** Records buffered per output file before a write. */
const BATCH = 2000;

export async function convertLanding(genericDir: string, outDir: string, format: SystemFormat): Promise<ConvertedLanding> {
  let files = 0;
  let records = 0;
  for (const [table, objects] of Object.entries(format.objects)) {
    const tableDir = join(genericDir, 'raw', table);
    for (const day of await subfolders(tableDir)) {
      for (const name of (await readdir(join(tableDir, day))).filter((file) => file.endsWith('.csv')).sort()) {
        records += await convertFile(join(tableDir, day, name), objects, (object) => join(outDir, 'raw', object.table, day, `${object.fileStem}-${name}`));
        files += objects.length;
      }
    }
  }
  return { files, records };
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

interface Output {
  readonly object: SystemObject;
  readonly stream: WriteStream;
  readonly encoder: CsvRecordEncoder;
  lines: string[];
}

async function convertFile(path: string, objects: readonly SystemObject[], pathOf: (object: SystemObject) => string): Promise<number> {
  const outputs: Output[] = [];
  for (const object of objects) {
    const target = pathOf(object);
    await mkdir(join(target, '..'), { recursive: true });
    const encoder = new CsvRecordEncoder();
    outputs.push({ object, stream: createWriteStream(target), encoder, lines: [encoder.encodeLine(object.header)] });
  }
  let header: readonly string[] | undefined;
  let written = 0;
  const take = async (fields: readonly string[]): Promise<void> => {
    if (header === undefined) {
      header = fields;
      return;
    }
    const row: Record<string, string> = {};
    header.forEach((name, index) => {
      row[name] = fields[index] ?? '';
    });
    for (const output of outputs) {
      for (const record of output.object.recordsOf(row as GenericRow)) {
        output.lines.push(output.encoder.encodeLine(record));
        written += 1;
      }
      if (output.lines.length >= BATCH) await flush(output);
    }
  };
  const reader = new CsvRecordReader();
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 4 * 1024 * 1024 })) {
    for (const record of reader.feed(chunk as string)) await take(record.fields);
  }
  for (const record of reader.end()) await take(record.fields);
  for (const output of outputs) {
    await flush(output);
    output.stream.end();
    await once(output.stream, 'finish');
  }
  return written;
}

async function flush(output: Output): Promise<void> {
  if (output.lines.length === 0) return;
  const text = `${output.lines.join('\n')}\n`;
  output.lines = [];
  if (!output.stream.write(text)) await once(output.stream, 'drain');
}
