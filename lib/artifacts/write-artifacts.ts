/** Writes dbt's artifacts into the target folder, next to our plan (target/manifest.json). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const RUN_RESULTS_FILE = 'run_results.json';
export const SOURCES_JSON_FILE = 'sources.json';
/** dbt's manifest goes one folder down: target/manifest.json is our plan. */
export const DBT_MANIFEST_FILE = join('dbt', 'manifest.json');

export async function writeArtifact(targetDir: string, file: string, artifact: unknown): Promise<void> {
  const path = join(targetDir, file);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `${JSON.stringify(artifact, null, 2)}\n`);
}
