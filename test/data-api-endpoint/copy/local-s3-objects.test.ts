import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLocalObjects, readLocalObject } from '../../../lib/data-api-endpoint/copy/local-s3-objects.ts';

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

describe('listLocalObjects never reads outside the S3 root', () => {
  it('refuses a bucket name S3 would refuse, so .. or a separator never leaves the root', async () => {
    for (const bucket of ['..', '.', 'a', 'Landing', '-landing', 'land..ing', 'land\\ing']) {
      await expect(listLocalObjects(root, bucket, ''), bucket).rejects.toThrow(
        `S3ServiceException:The specified bucket is not valid (bucket '${bucket}' breaks S3's bucket naming rules)`,
      );
    }
  });

  it('refuses a key prefix with a .. segment', async () => {
    await expect(listLocalObjects(root, 'landing', '../secrets/')).rejects.toThrow(
      "COPY from 's3://landing/../secrets/': a '..' segment in the key prefix is refused by the local Data API endpoint",
    );
    await expect(listLocalObjects(root, 'landing', 'raw/../../x')).rejects.toThrow("a '..' segment in the key prefix");
  });

  it('refuses a bucket folder that is a symbolic link out of the root', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'outside-s3-'));
    try {
      await writeFile(join(outside, 'secret.csv'), 'secret');
      await symlink(outside, join(root, 'escape'));
      await expect(listLocalObjects(root, 'escape', '')).rejects.toThrow(/COPY from bucket 'escape': its folder resolves to .*, outside the endpoint's s3Root/);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('does not follow a symbolic link to a file outside the root', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'outside-s3-'));
    try {
      await writeFile(join(outside, 'secret.csv'), 'secret');
      await mkdir(join(root, 'linked/raw'), { recursive: true });
      await writeFile(join(root, 'linked/raw/ok.csv'), 'ok');
      await symlink(join(outside, 'secret.csv'), join(root, 'linked/raw/secret.csv'));
      expect((await listLocalObjects(root, 'linked', 'raw/')).map((object) => object.key)).toEqual(['raw/ok.csv']);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});
