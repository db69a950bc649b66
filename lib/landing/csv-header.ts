/**
 * The header row of a landing CSV, read with the loaders' one CSV splitter (csv-records.ts)
 * without reading the whole file: from a local file (plain or gzip), or from the first bytes of
 * an S3 object. The header decides which contract column is where, which extra columns to
 * ignore and which contract columns are missing.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvRecordReader } from './csv-records.ts';
import { isGzipPath } from './landing-layout.ts';

/** Headers longer than this are not headers; stop reading rather than pull a whole file in. */
export const MAX_HEADER_BYTES = 1024 * 1024;

export interface CsvHeader {
  readonly columns: readonly string[];
  /** The header line as written, for the audit's raw text. */
  readonly text: string;
}

const NO_HEADER: CsvHeader = { columns: [], text: '' };

/**
 * The header in `text`, the start of a file; `complete` says whether `text` is the whole file.
 * Undefined when the first record does not end within an incomplete `text`.
 */
export function headerFromText(text: string, complete: boolean): CsvHeader | undefined {
  const reader = new CsvRecordReader();
  const first = [...reader.feed(text), ...(complete ? reader.end() : [])][0];
  if (first === undefined) return complete ? NO_HEADER : undefined;
  return { columns: first.fields.map((name) => name.trim()), text: first.raw };
}

export async function readCsvHeader(path: string): Promise<CsvHeader> {
  const raw = createReadStream(path);
  const stream: Readable = isGzipPath(path) ? raw.pipe(createGunzip()) : raw;
  let buffered = '';
  try {
    for await (const chunk of stream) {
      buffered += (chunk as Buffer).toString('utf8');
      const header = headerFromText(buffered, false);
      if (header !== undefined) return header;
      if (buffered.length > MAX_HEADER_BYTES) break;
    }
  } finally {
    raw.destroy();
    stream.destroy();
  }
  return headerFromText(buffered, true) ?? NO_HEADER;
}
