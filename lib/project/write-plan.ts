/**
 * The plan on disk: `target/manifest.json` for runners, and every compiled statement as a readable
 * file under `target/compiled/<project>/` for people debugging (dbt's layout).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { PLAN_VERSION, type Plan } from '../plan/plan.ts';
import { ProjectError } from './errors.ts';

export const MANIFEST_FILE = 'manifest.json';

/** Writes the manifest and the compiled SQL, then removes compiled files no longer in the plan. */
export async function writePlan(plan: Plan, targetDir: string): Promise<void> {
  const compiledDir = join(targetDir, 'compiled');
  const files = new Map<string, string>();
  for (const model of plan.models) files.set(join(compiledDir, plan.project, sqlRelativePath(model.path)), `${model.sql}\n`);
  for (const test of plan.tests) files.set(join(compiledDir, plan.project, 'tests', `${test.name}.sql`), `${test.sql}\n`);
  for (const test of plan.unitTests ?? []) files.set(join(compiledDir, plan.project, 'unit_tests', `${test.name}.sql`), `${test.sql}\n`);

  await mkdir(compiledDir, { recursive: true });
  for (const [file, text] of files) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  await removeStale(compiledDir, new Set(files.keys()));
  // A runner reading the manifest while we compile sees the old plan or the new one, never half of one.
  const partial = join(targetDir, `.${MANIFEST_FILE}.${randomUUID()}`);
  await writeFile(partial, `${JSON.stringify(plan, null, 2)}\n`);
  await rename(partial, join(targetDir, MANIFEST_FILE));
}

/** Reads a manifest written by `writePlan`, refusing one from another plan version. */
export function readPlan(path: string): Plan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ProjectError(path, "no plan here; run 'crm-warehouse compile' first");
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ProjectError(path, `not a plan: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || !('planVersion' in parsed)) throw new ProjectError(path, 'not a plan: no planVersion');
  if (parsed.planVersion !== PLAN_VERSION) {
    throw new ProjectError(path, `plan version ${String(parsed.planVersion)} but this crm-warehouse reads version ${PLAN_VERSION}; recompile with 'crm-warehouse compile'`);
  }
  return parsed as Plan;
}

/** `sql/facts/fact_deals.sql` → `facts/fact_deals.sql`. */
function sqlRelativePath(modelPath: string): string {
  const relative = posix.relative('sql', modelPath);
  if (relative.startsWith('..') || posix.isAbsolute(relative)) throw new Error(`model path ${modelPath} is not under sql/`);
  return relative;
}

/** Deletes every file under `dir` not in `keep`, then the folders left empty. Returns whether `dir` is now empty. */
async function removeStale(dir: string, keep: ReadonlySet<string>): Promise<boolean> {
  let empty = true;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (await removeStale(path, keep)) await rmdir(path);
      else empty = false;
    } else if (keep.has(path)) {
      empty = false;
    } else {
      await rm(path);
    }
  }
  return empty;
}
