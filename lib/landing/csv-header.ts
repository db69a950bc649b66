/**
 * Reads the header row of a landing CSV (plain or gzip) without reading the whole file.
 * The loader needs the real column names before it scans: DuckDB's `read_csv` with explicit
 * `columns` maps them by position, so the header decides which contract column is where, which
 * extra columns to ignore and which contract columns are missing.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { isGzipPath } from './gzip-check.ts';

/** Headers longer than this are not headers; stop reading rather than pull a whole file in. */
const MAX_HEADER_BYTES = 1024 * 1024;

export interface CsvHeader {
  readonly columns: readonly string[];
  /** The header line as written, for the audit's raw text. */
  readonly text: string;
}

export async function readCsvHeader(path: string): Promise<CsvHeader> {
  const text = await readFirstRecord(path);
  return { columns: text === '' ? [] : splitHeader(text), text };
}

async function readFirstRecord(path: string): Promise<string> {
  const raw = createReadStream(path);
  const stream: Readable = isGzipPath(path) ? raw.pipe(createGunzip()) : raw;
  let buffered = '';
  try {
    for await (const chunk of stream) {
      buffered += (chunk as Buffer).toString('utf8');
      const end = recordEnd(buffered);
      if (end >= 0) return stripBom(buffered.slice(0, end));
      if (buffered.length > MAX_HEADER_BYTES) break;
    }
  } finally {
    raw.destroy();
    stream.destroy();
  }
  return stripBom(buffered.replace(/\r?\n$/, ''));
}

/** Index of the first line break outside quotes, or -1. */
function recordEnd(text: string): number {
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) return index;
  }
  return -1;
}

function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** RFC 4180 fields of one record: `"` quotes, `""` inside quotes is a literal quote. */
function splitHeader(record: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < record.length; index += 1) {
    const char = record[index];
    if (quoted) {
      if (char === '"' && record[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields.map((name) => name.trim());
}
