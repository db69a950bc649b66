/**
 * DuckDB reads a contract timestamp as TIMESTAMP, whose reader rejects a bad value with its line
 * but drops a numeric offset (its TIMESTAMPTZ reader keeps the offset but turns a bad value into
 * NULL without a word, and its TIMESTAMP_NS/_MS/_S readers report rejects on the wrong lines). So
 * a file that may hold an offset is first rewritten, record for record, with each such value of a
 * timestamp column in UTC (lib/landing/utc-timestamps.ts), into a temporary copy that the scan
 * reads instead; every line stays where it was, so rejects keep their line numbers. Only
 * records that change are written anew (from their fields, quoted where needed); a rejected
 * record's raw text then shows the UTC value.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import { CsvRecordReader, type CsvRecord } from '../../landing/csv-records.ts';
import type { FileGroup } from '../../landing/file-groups.ts';
import type { LandingFile } from '../../landing/local-landing.ts';
import { isUtcTimestampType } from '../../landing/load-columns.ts';
import { MAY_HOLD_OFFSET, utcTimestampText } from '../../landing/utc-timestamps.ts';

/** Runs `work` on the groups with every file that holds an offset timestamp replaced by its UTC copy. */
export async function withOffsetsInUtc<T>(groups: readonly FileGroup[], work: (groups: readonly FileGroup[]) => Promise<T>): Promise<T> {
  let folder: string | undefined;
  const rewritten: FileGroup[] = [];
  try {
    for (const group of groups) {
      const positions = group.columns.flatMap((column, index) => (isUtcTimestampType(column.type) ? [index] : []));
      if (positions.length === 0) {
        rewritten.push(group);
        continue;
      }
      const files: LandingFile[] = [];
      for (const file of group.files) {
        const utc = (await mayHoldOffset(file.path, group.gzip)) ? inUtc(await textOf(file.path, group.gzip), positions) : undefined;
        if (utc === undefined) {
          files.push(file);
          continue;
        }
        folder ??= await mkdtemp(join(tmpdir(), 'landing-utc-'));
        const path = join(folder, `${files.length}-${rewritten.length}-${basename(file.path)}`);
        await writeFile(path, group.gzip ? gzipSync(utc) : utc);
        files.push({ ...file, path });
      }
      rewritten.push({ ...group, files });
    }
    return await work(rewritten);
  } finally {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  }
}

/** Streams the file (most hold no offset, and are never held in memory whole), stopping at the first hint of one. */
async function mayHoldOffset(path: string, gzip: boolean): Promise<boolean> {
  const stream = gzip ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  const decoder = new StringDecoder('utf8');
  let tail = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = tail + decoder.write(chunk);
      if (MAY_HOLD_OFFSET.test(text)) return true;
      // A match may straddle two chunks; it is shorter than this.
      tail = text.slice(-OVERLAP);
    }
    return false;
  } finally {
    stream.destroy();
  }
}

/** Longer than any text MAY_HOLD_OFFSET matches. */
const OVERLAP = 32;

async function textOf(path: string, gzip: boolean): Promise<string> {
  const bytes = await readFile(path);
  return (gzip ? gunzipSync(bytes) : bytes).toString('utf8');
}

/** The text with offset timestamps at `positions` in UTC; undefined when no record changes. */
function inUtc(text: string, positions: readonly number[]): string | undefined {
  const reader = new CsvRecordReader();
  const records = [...reader.feed(text), ...reader.end()];
  let changed = false;
  let line = 1;
  const out: string[] = [];
  for (const record of records) {
    // Empty lines are no records but count as lines: keep them, so line numbers stay.
    for (; line < record.line; line += 1) out.push('');
    const written = record.line === 1 ? undefined : rewrittenRecord(record, positions);
    if (written !== undefined) changed = true;
    out.push(written ?? record.raw);
    // A record's line is its ordinal (csv-records.ts): a value spanning lines does not move the next.
    line = record.line + 1;
  }
  return changed ? `${out.join('\n')}\n` : undefined;
}

function rewrittenRecord(record: CsvRecord, positions: readonly number[]): string | undefined {
  if (record.error !== undefined) return undefined;
  let changed = false;
  const fields = record.fields.map((field, index) => {
    const utc = positions.includes(index) ? utcTimestampText(field) : undefined;
    if (utc === undefined) return field;
    changed = true;
    return utc;
  });
  return changed ? fields.map(csvField).join(',') : undefined;
}

/** DuckDB reads an unquoted empty field and a quoted empty one alike (NULL), and quotes only where needed. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
