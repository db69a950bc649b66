/**
 * A freshly initialised, never used Postgres cluster, kept as a data-directory tarball for the
 * life of the process. A new PGlite cluster (in memory, or a data directory that does not exist
 * yet) runs initdb, about five seconds of CPU on the build machine and much more when it is
 * busy; starting from this tarball takes about a second. The first new cluster of a process
 * runs initdb and is dumped before anything touches it; every later one starts from the dump.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { PGliteOptions } from '@electric-sql/pglite';

let pristine: Blob | undefined;

/** Opens `dataDir` (undefined: in memory), creating the cluster when the directory is new. */
export async function openCluster(dataDir: string | undefined, options: PGliteOptions): Promise<PGlite> {
  const fresh = dataDir === undefined || (await isNewDirectory(dataDir));
  const location = dataDir === undefined ? {} : { dataDir };
  if (fresh && pristine) return PGlite.create({ ...options, ...location, loadDataDir: pristine });
  const database = await PGlite.create({ ...options, ...location });
  if (fresh) {
    // The tarball only saves time: if it cannot be made, the next new cluster runs initdb again.
    pristine = await database.dumpDataDir('none').catch(() => undefined);
  }
  return database;
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
