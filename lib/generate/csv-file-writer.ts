/**
 * Writes CSV records to a stream with bounded memory. Records are encoded straight into a
 * fixed-size byte chunk (one stream write per chunk keeps the per-record cost low, and UTF-8
 * bytes are produced once, without building a long string first); when the stream says it is
 * full, `mustWait` turns true and the producer awaits `waitForDrain()` before making more rows.
 * The producer may still add the few rows of the entity it is on, so memory stays bounded by
 * the chunk, the stream's high-water mark and one entity's rows, whatever the scale.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { CsvRecordEncoder } from './csv-encoding.ts';

/** Bytes collected before handing them to the stream. */
export const DEFAULT_CHUNK_BYTES = 128 * 1024;
const LINE_FEED = 10;
/** The most bytes UTF-8 needs for one UTF-16 code unit. */
const MAX_BYTES_PER_CHAR = 3;

export class CsvFileWriter {
  private chunk: Buffer;
  private used = 0;
  /** Chunks the stream has finished with, reused so that writing allocates almost nothing. */
  private readonly spareChunks: Buffer[] = [];
  private draining: Promise<void> | undefined;
  private failure: Error | undefined;
  private recordCount = 0;
  private readonly encoder: CsvRecordEncoder;

  /** @param quotable per column, whether its values can hold delimiters (default: check all). */
  constructor(
    private readonly stream: Writable,
    quotable?: readonly boolean[],
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {
    this.encoder = new CsvRecordEncoder(quotable);
    this.chunk = Buffer.allocUnsafe(chunkBytes);
    // Without a listener a write error would crash the process instead of failing the run.
    stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  /** Records written so far, the header included. */
  get records(): number {
    return this.recordCount;
  }

  get mustWait(): boolean {
    return this.draining !== undefined || this.failure !== undefined;
  }

  writeRecord(fields: readonly string[]): void {
    const line = this.encoder.encodeLine(fields);
    const worstCase = line.length * MAX_BYTES_PER_CHAR + 1;
    if (this.used + worstCase > this.chunk.length) {
      this.flush();
      // A record larger than a chunk gets a chunk of its own.
      if (worstCase > this.chunk.length) this.chunk = Buffer.allocUnsafe(worstCase);
    }
    this.used += this.chunk.write(line, this.used, 'utf8');
    this.chunk[this.used] = LINE_FEED;
    this.used += 1;
    this.recordCount += 1;
  }

  async waitForDrain(): Promise<void> {
    if (this.draining) await this.draining;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.flush();
    await this.waitForDrain();
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
  }

  private flush(): void {
    if (this.used === 0) return;
    // The stream keeps the written bytes until they reach the disk; the chunk is reusable only after that.
    const written = this.chunk;
    const accepted = this.stream.write(written.subarray(0, this.used), () => {
      if (written.length === this.chunkBytes) this.spareChunks.push(written);
    });
    this.chunk = this.spareChunks.pop() ?? Buffer.allocUnsafe(this.chunkBytes);
    this.used = 0;
    if (!accepted && this.draining === undefined) {
      this.draining = once(this.stream, 'drain').then(
        () => {
          this.draining = undefined;
        },
        (error: unknown) => {
          this.draining = undefined;
          this.failure ??= error instanceof Error ? error : new Error(String(error));
        },
      );
    }
  }
}
