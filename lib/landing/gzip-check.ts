/**
 * DuckDB (and a streaming gunzip) reads a truncated or corrupted `.csv.gz` without complaint: it loads the rows it could
 * inflate and stops (seen with DuckDB 1.5.6). A half-delivered extract must not pass for a
 * whole one, so every gzip landing file is inflated once here, which checks gzip's own CRC and
 * length trailer, before DuckDB scans it. Node inflates on its thread pool, off the event loop.
 */
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

export async function verifyGzip(path: string): Promise<void> {
  const discard = new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
  await pipeline(createReadStream(path), createGunzip(), discard);
}
