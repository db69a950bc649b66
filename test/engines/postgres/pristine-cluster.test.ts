import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgliteEngine } from '../../../lib/engines/postgres/pglite-engine.ts';
import { cachedTarballPath } from '../../../lib/engines/postgres/pristine-cluster.ts';

// A fresh module per test file: this file's first engine finds no tarball in memory.
describe('the pristine cluster tarball', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'pristine-cluster-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('replaces a damaged tarball in the temp folder by a working one, and a new data directory still opens', async () => {
    const path = await cachedTarballPath();
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'not a tarball');
    const engine = await PgliteEngine.open({ dataDir: join(folder, 'warehouse') });
    expect(await engine.query('select 1 as one')).toEqual([{ one: 1 }]);
    await engine.close();
    expect((await readFile(path)).length).toBeGreaterThan(1_000_000);
    const again = await PgliteEngine.open();
    expect(await again.query("select count(*) as n from pg_namespace where nspname = 'public'")).toEqual([{ n: 1 }]);
    await again.close();
  });
});
