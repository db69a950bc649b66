/**
 * S3 as a local folder, for LoadRawDay's signed reader (lib/pipeline/s3-landing-store.ts): a
 * `fetch` stand-in answering ListObjectsV2 and (ranged) GetObject from `<s3Root>/<bucket>/<key>`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

export function localS3(s3Root: string) {
  return async (url: string, init: { method: string; headers: Record<string, string> }) => {
    const parsed = new URL(url);
    const bucket = parsed.hostname.split('.')[0] as string;
    const reply = (status: number, body: Uint8Array | string) => ({
      status,
      text: async () => (typeof body === 'string' ? body : Buffer.from(body).toString('utf8')),
      arrayBuffer: async () => {
        const bytes = typeof body === 'string' ? Buffer.from(body) : body;
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      },
    });
    if (parsed.searchParams.get('list-type') === '2') {
      const prefix = parsed.searchParams.get('prefix') ?? '';
      const objects: string[] = [];
      for (const file of (await filesUnder(join(s3Root, bucket))).sort()) {
        const key = relative(join(s3Root, bucket), file).split(sep).join('/');
        if (!key.startsWith(prefix)) continue;
        const { size, mtime } = await stat(file);
        objects.push(`<Contents><Key>${key.replace(/&/g, '&amp;')}</Key><LastModified>${mtime.toISOString()}</LastModified><Size>${size}</Size></Contents>`);
      }
      return reply(200, `<ListBucketResult>${objects.join('')}<IsTruncated>false</IsTruncated></ListBucketResult>`);
    }
    const key = decodeURIComponent(parsed.pathname.slice(1));
    const bytes = await readFile(join(s3Root, bucket, ...key.split('/')));
    const range = /bytes=(\d+)-(\d+)/.exec(init.headers.range ?? init.headers.Range ?? '');
    return reply(206, range ? bytes.subarray(Number(range[1]), Number(range[2]) + 1) : bytes);
  };
}
