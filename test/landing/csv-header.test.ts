import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCsvHeader } from '../../lib/landing/csv-header.ts';

describe('readCsvHeader', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csv-header-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function header(name: string, content: string | Buffer) {
    const path = join(dir, name);
    await writeFile(path, content);
    return readCsvHeader(path);
  }

  it('splits a plain header and keeps its text', async () => {
    expect(await header('a.csv', 'id,name\n1,x\n')).toEqual({ columns: ['id', 'name'], text: 'id,name' });
  });

  it('reads RFC 4180 quoted names, including commas, doubled quotes and line breaks', async () => {
    const result = await header('a.csv', '"id","a, b","say ""hi""","two\nlines"\r\n1,2,3,4\r\n');
    expect(result.columns).toEqual(['id', 'a, b', 'say "hi"', 'two\nlines']);
  });

  it('drops a byte order mark and surrounding spaces', async () => {
    expect((await header('a.csv', '\uFEFF id , name \n')).columns).toEqual(['id', 'name']);
  });

  it('reads a gzip file without a trailing newline', async () => {
    expect((await header('a.csv.gz', gzipSync('id,name'))).columns).toEqual(['id', 'name']);
  });

  it('reads only the first record of a large file', async () => {
    const body = 'id,name\n' + '1,x\n'.repeat(200_000);
    expect((await header('big.csv.gz', gzipSync(body))).columns).toEqual(['id', 'name']);
  });

  it('finds no columns in an empty file', async () => {
    expect(await header('empty.csv', '')).toEqual({ columns: [], text: '' });
  });

  it('reports a file that is not gzip although named so', async () => {
    await expect(header('bad.csv.gz', 'plain text')).rejects.toThrow(/incorrect header check/);
  });
});
