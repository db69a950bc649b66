import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLocalObjects, readLocalObject } from '../../../../lib/testing/data-api/copy/local-s3-objects.ts';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'local-s3-'));
  const files: Record<string, string | Buffer> = {
    'landing/raw/t/ingest_date=2024-01-01/a.csv': 'a',
    'landing/raw/t/ingest_date=2024-01-02/b.csv.gz': gzipSync('b'),
    'landing/raw/t/ingest_date=2024-01-10/c.csv': 'c',
    'landing/raw/other/d.csv': 'd',
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content);
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('listLocalObjects', () => {
  it('matches keys by prefix, as S3 does, in key order', async () => {
    const objects = await listLocalObjects(root, 'landing', 'raw/t/ingest_date=2024-01-0');
    expect(objects.map((object) => object.uri)).toEqual([
      's3://landing/raw/t/ingest_date=2024-01-01/a.csv',
      's3://landing/raw/t/ingest_date=2024-01-02/b.csv.gz',
    ]);
    expect(await listLocalObjects(root, 'landing', '')).toHaveLength(4);
  });

  it('fails without an S3 root, for a missing bucket and for a prefix matching nothing', async () => {
    await expect(listLocalObjects(undefined, 'landing', '')).rejects.toThrow('COPY from S3 needs the endpoint to be started with s3Root');
    await expect(listLocalObjects(root, 'nope', '')).rejects.toThrow('The specified bucket does not exist');
    await expect(listLocalObjects(root, 'landing', 'raw/x')).rejects.toThrow("The specified S3 prefix 'raw/x' does not exist");
  });
});

describe('readLocalObject', () => {
  it('gunzips with GZIP and fails on a file that is not gzip', async () => {
    const [plain, zipped] = await listLocalObjects(root, 'landing', 'raw/t/ingest_date=2024-01-0');
    if (plain === undefined || zipped === undefined) throw new Error('fixture files missing');
    expect((await readLocalObject(zipped, true)).toString()).toBe('b');
    expect((await readLocalObject(plain, false)).toString()).toBe('a');
    await expect(readLocalObject(plain, true)).rejects.toThrow(/^gzip: .*\(file s3:\/\/landing\/raw\/t\/ingest_date=2024-01-01\/a.csv\)$/);
  });
});
