/**
 * Reads one landing file (plain or gzip) into `load_rows` with COPY, record by record as
 * csv-records.ts splits it, and returns the records that cannot load at all: malformed ones, a
 * wrong number of fields, bytes that are not UTF-8. Those are judged as DuckDB judges them (its
 * messages included), so both loaders reject the same rows; only well-formed records reach
 * COPY, because one bad record would fail the whole COPY.
 *
 * A record may end with surplus fields if all of them are empty: DuckDB ignores those (a
 * trailing comma). A record short of fields gets one reject per missing column, as in DuckDB.
 * Invalid UTF-8 decodes to U+FFFD; once a file has shown invalid bytes, its records holding
 * U+FFFD are rejected (a genuine U+FFFD in such a file is rejected with them).
 * One difference from DuckDB is deliberate: a NUL character, which DuckDB loads, is rejected,
 * because Postgres text cannot hold it (the audit shows it as U+FFFD).
 * Records go to Postgres in blobs of a few megabytes, so memory does not grow with the file.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { ScanColumn } from '../../landing/file-groups.ts';
import { isGzipPath } from '../../landing/landing-layout.ts';
import type { LandingFile } from '../../landing/local-landing.ts';
import { LandingReadError } from '../../landing/landing-read-error.ts';
import { quoteIdentifier } from '../../sql/identifiers.ts';
import { copyFromBlobStatement, copyLine } from './copy-text.ts';
import { CsvRecordReader } from '../../landing/csv-records.ts';
import { isUtcTimestampType } from '../../landing/load-columns.ts';
import { utcTimestampText } from '../../landing/utc-timestamps.ts';
import type { CsvRecord } from '../../landing/csv-records.ts';
import { LOAD_ROWS, ROW_KEY_COLUMNS } from './load-work-tables.ts';
import type { PostgresSession } from './postgres-session.ts';

export interface MalformedRecord {
  readonly line: number;
  readonly column: string | null;
  /** Position of `column` in the header, for ordering the audit rows; -1 when there is none. */
  readonly columnPosition: number;
  readonly raw: string;
  readonly reason: string;
}

const REPLACEMENT = '\uFFFD';
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT, 'utf8');
const INVALID_ENCODING = 'INVALID ENCODING: Invalid unicode (byte sequence mismatch) detected. This file is not utf-8 encoded.';

/** Text handed to the record reader at once, and text per COPY (characters). */
const READ_CHUNK = 4 * 1024 * 1024;
const COPY_BATCH = 4 * 1024 * 1024;

export async function copyLandingFile(
  session: PostgresSession,
  file: LandingFile,
  fileIndex: number,
  header: readonly ScanColumn[],
  contractColumns: readonly string[],
): Promise<MalformedRecord[]> {
  const positions = contractColumns.map((name) => header.findIndex((column) => column.name === name));
  const utcTimestamps = new Set(positions.filter((position) => isUtcTimestampType(header[position]?.type ?? '')));
  const copy = copyFromBlobStatement(LOAD_ROWS, [...ROW_KEY_COLUMNS, ...contractColumns.map(quoteIdentifier)]);
  const malformed: MalformedRecord[] = [];
  let batch: string[] = [];
  let batchSize = 0;
  let headerSeen = false;
  let invalidUtf8 = false;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const lines = batch;
    batch = [];
    batchSize = 0;
    await session.copyFrom(copy, new Blob(lines));
  };
  const take = async (records: readonly CsvRecord[]): Promise<void> => {
    for (const record of records) {
      if (!headerSeen) {
        headerSeen = true;
        continue;
      }
      const faults = faultsOf(record, header, invalidUtf8);
      if (faults.length > 0) {
        malformed.push(...faults);
        continue;
      }
      const values = positions.map((position) => {
        const value = record.fields[position] as string;
        if (value === '') return null;
        // As the DuckDB loader does (its offset-rewrite.ts): an offset timestamp is loaded in UTC.
        return (utcTimestamps.has(position) ? utcTimestampText(value) : undefined) ?? value;
      });
      const line = copyLine([fileIndex, record.line, record.raw, ...values]);
      batch.push(line);
      batchSize += line.length;
      if (batchSize >= COPY_BATCH) await flush();
    }
  };

  const reader = new CsvRecordReader();
  const chunks = textOf(file);
  let pending: string[] = [];
  let pendingSize = 0;
  for (;;) {
    const next = await readingFile(file, () => chunks.next());
    if (next.done) break;
    if (next.value.invalidUtf8) invalidUtf8 = true;
    pending.push(next.value.text);
    pendingSize += next.value.text.length;
    if (pendingSize < READ_CHUNK) continue;
    await take(reader.feed(pending.join('')));
    pending = [];
    pendingSize = 0;
  }
  await take(reader.feed(pending.join('')));
  await take(reader.end());
  await flush();
  return malformed;
}

/** A read that fails (a file removed, rewritten or truncated while the load ran) names the file. */
async function readingFile<T>(file: LandingFile, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LandingReadError([file.relativePath], `could not read this landing file: ${reason}`, error);
  }
}

function faultsOf(record: CsvRecord, header: readonly ScanColumn[], invalidUtf8: boolean): MalformedRecord[] {
  const expected = header.length;
  const found = record.fields.length;
  // DuckDB trims line breaks off both ends of a rejected record's text (a quote never closed runs to the end of the file).
  const base = { line: record.line, raw: record.raw.replace(/^[\r\n]+|[\r\n]+$/g, '').replaceAll('\u0000', REPLACEMENT) };
  const unplaced = { column: null, columnPosition: -1 };
  if (record.error !== undefined) {
    const column = found < expected ? { column: header[found]?.name ?? null, columnPosition: found } : unplaced;
    return [{ ...base, ...column, reason: record.error }];
  }
  if (invalidUtf8 && record.raw.includes(REPLACEMENT)) return [{ ...base, ...unplaced, reason: INVALID_ENCODING }];
  if (record.raw.includes('\u0000')) {
    return [{ ...base, ...unplaced, reason: 'INVALID UNICODE: the row holds a NUL character, which Postgres text cannot store' }];
  }
  if (found < expected) {
    return header.slice(found).map((column, offset) => ({
      ...base,
      column: column.name,
      columnPosition: found + offset,
      reason: `MISSING COLUMNS: Expected Number of Columns: ${expected} Found: ${found + offset}`,
    }));
  }
  if (record.fields.slice(expected).some((field) => field !== '')) {
    // DuckDB stops at the first surplus field, so it always reports one more than expected.
    return [{ ...base, ...unplaced, reason: `TOO MANY COLUMNS: Expected Number of Columns: ${expected} Found: ${expected + 1}` }];
  }
  return [];
}

interface DecodedChunk {
  readonly text: string;
  /** The chunk's bytes held invalid UTF-8: more U+FFFD came out than were written as such. */
  readonly invalidUtf8: boolean;
}

async function* textOf(file: LandingFile): AsyncGenerator<DecodedChunk> {
  const raw = createReadStream(file.path, { highWaterMark: 1024 * 1024 });
  const stream: Readable = isGzipPath(file.path) ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (error) => stream.destroy(error));
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      const text = decoder.write(bytes);
      yield { text, invalidUtf8: occurrences(text, REPLACEMENT) > occurrencesOfBytes(bytes, REPLACEMENT_BYTES) };
    }
    const rest = decoder.end();
    yield { text: rest, invalidUtf8: rest.includes(REPLACEMENT) };
  } finally {
    raw.destroy();
    stream.destroy();
  }
}

function occurrences(text: string, part: string): number {
  let count = 0;
  for (let index = text.indexOf(part); index !== -1; index = text.indexOf(part, index + 1)) count += 1;
  return count;
}

function occurrencesOfBytes(bytes: Buffer, part: Buffer): number {
  let count = 0;
  for (let index = bytes.indexOf(part); index !== -1; index = bytes.indexOf(part, index + 1)) count += 1;
  return count;
}
