/**
 * Writes CSV records to a stream with bounded memory. Records collect in a small text buffer
 * (one stream write per buffer keeps the per-record cost low); when the stream says it is full,
 * `mustWait` turns true and the producer awaits `waitForDrain()` before making more rows. The
 * producer may still add the few rows of the entity it is on, so memory stays bounded by the
 * buffer, the stream's high-water mark and one entity's rows, whatever the scale.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { CsvRecordEncoder } from './csv-encoding.ts';

/** Characters of encoded records kept before handing them to the stream. */
export const DEFAULT_FLUSH_THRESHOLD = 128 * 1024;

export class CsvFileWriter {
  private buffer = '';
  private draining: Promise<void> | undefined;
  private failure: Error | undefined;
  private recordCount = 0;
  private readonly encoder: CsvRecordEncoder;

  /** @param quotable per column, whether its values can hold delimiters (default: check all). */
  constructor(
    private readonly stream: Writable,
    quotable?: readonly boolean[],
    private readonly flushThreshold = DEFAULT_FLUSH_THRESHOLD,
  ) {
    this.encoder = new CsvRecordEncoder(quotable);
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
    this.buffer += this.encoder.encode(fields);
    this.recordCount += 1;
    if (this.buffer.length >= this.flushThreshold) this.flush();
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
    if (this.buffer.length === 0) return;
    const accepted = this.stream.write(this.buffer);
    this.buffer = '';
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
