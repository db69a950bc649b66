import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvFileWriter } from '../../lib/generate/csv-file-writer.ts';
import { readCsvRecords } from './read-csv-records.ts';

/** A disk that takes a while per chunk and keeps what it got, with a small high-water mark. */
function slowDisk(): { stream: Writable; chunks: string[]; maxQueued: () => number } {
  const chunks: string[] = [];
  let maxQueued = 0;
  const stream = new Writable({
    highWaterMark: 4096,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      setTimeout(callback, 1);
    },
  });
  const originalWrite = stream.write.bind(stream);
  stream.write = ((chunk: unknown, ...rest: never[]) => {
    const accepted = originalWrite(chunk as string, ...rest);
    maxQueued = Math.max(maxQueued, stream.writableLength);
    return accepted;
  }) as typeof stream.write;
  return { stream, chunks, maxQueued: () => maxQueued };
}

describe('CsvFileWriter', () => {
  it('keeps the queued data bounded when the producer honours mustWait (backpressure)', async () => {
    const disk = slowDisk();
    const flushThreshold = 2048;
    const writer = new CsvFileWriter(disk.stream, undefined, flushThreshold);
    const recordCount = 5000;
    for (let index = 0; index < recordCount; index += 1) {
      writer.writeRecord([`ROW-${index}`, 'some text, with a comma', String(index * 3)]);
      if (writer.mustWait) await writer.waitForDrain();
    }
    await writer.close();

    // ~200 kB went through; at no point was more than one flush beyond the high-water mark queued.
    expect(disk.maxQueued()).toBeLessThanOrEqual(4096 + flushThreshold + 100);
    const records = readCsvRecords(disk.chunks.join(''));
    expect(records).toHaveLength(recordCount);
    expect(records[4999]).toEqual(['ROW-4999', 'some text, with a comma', '14997']);
    expect(writer.records).toBe(recordCount);
  });

  it('writes a record larger than its chunk, and multi-byte text, intact', async () => {
    const disk = slowDisk();
    const writer = new CsvFileWriter(disk.stream, undefined, 64);
    const long = `Ünïcödé, ${'x'.repeat(500)}`;
    writer.writeRecord(['a', long]);
    writer.writeRecord(['b', 'München']);
    await writer.close();
    expect(readCsvRecords(disk.chunks.join(''))).toEqual([
      ['a', long],
      ['b', 'München'],
    ]);
  });

  it('reports a failing stream instead of crashing', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    const writer = new CsvFileWriter(broken, undefined, 16);
    writer.writeRecord(['a', 'b']);
    await expect(writer.close()).rejects.toThrow('disk full');
  });
});
