/**
 * A freshly initialised, never used Postgres cluster, kept as a data-directory tarball. A new
 * PGlite cluster (in memory, or a data directory that does not exist yet) runs initdb: about
 * five seconds of CPU on the build machine, much more when it is busy, and every test process
 * and in-memory run would pay it. Starting from the tarball takes about a second.
 *
 * The tarball lives in memory for the process and in the system temp folder for later
 * processes, named after the PGlite version (a new version brings a new cluster format). The
 * first new cluster without one runs initdb and is dumped before anything touches it. The file
 * is written under a unique name and renamed into place, so concurrent processes never read half
 * of one; a file that cannot be read or written only costs the initdb it would have saved.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PGliteOptions } from '@electric-sql/pglite';

let pristine: Blob | undefined;

/** Opens `dataDir` (undefined: in memory), creating the cluster when the directory is new. */
export async function openCluster(dataDir: string | undefined, options: PGliteOptions): Promise<PGlite> {
  const fresh = dataDir === undefined || (await isNewDirectory(dataDir));
  const location = dataDir === undefined ? {} : { dataDir };
  if (!fresh) return PGlite.create({ ...options, ...location });
  pristine ??= await readCachedTarball();
  if (pristine) {
    try {
      return await PGlite.create({ ...options, ...location, loadDataDir: pristine });
    } catch {
      // A tarball PGlite refuses (damaged, or written by something else): drop it and run initdb.
      pristine = undefined;
      await rm(await cachedTarballPath(), { force: true });
      if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    }
  }
  const database = await PGlite.create({ ...options, ...location });
  pristine = await database.dumpDataDir('none').catch(() => undefined);
  if (pristine) await writeCachedTarball(pristine);
  return database;
}

export async function cachedTarballPath(): Promise<string> {
  const packageJson = join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string };
  return join(tmpdir(), 'crm-warehouse', `pglite-${version}-pristine-cluster.tar`);
}

async function readCachedTarball(): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(await cachedTarballPath())]);
  } catch {
    return undefined;
  }
}

async function writeCachedTarball(tarball: Blob): Promise<void> {
  try {
    const path = await cachedTarballPath();
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${randomUUID()}.partial`;
    await writeFile(partial, new Uint8Array(await tarball.arrayBuffer()));
    await rename(partial, path).catch(async (error: unknown) => {
      await rm(partial, { force: true });
      throw error;
    });
  } catch {
    // Only a cache: the next process runs initdb again.
  }
}

async function isNewDirectory(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path, { recursive: true });
    return true;
  }
}
