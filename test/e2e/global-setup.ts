/**
 * Once per `npm run test:e2e`: build two warehouses and write the docs site with its dashboards for
 * each into a temporary folder, with the real CLI in child processes, as a user would:
 * - a generated landing folder (scale 0.05), big enough for every chart to have data, scored after the
 *   build as `npm start` does (the churn and upsell scores on Customer 360 and Account Health);
 * - the hand-made fixture landing (test/fixtures/crm-landing, the one test/models/fixture-build.test.ts
 *   checks by hand) at its run date, small enough for every KPI to be worked out by hand; not scored (its
 *   history is too short to fit the models), so its pages show a warehouse without scores.
 * Works on a clean machine: nothing is read from target/.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import type { E2eSite } from './e2e-site.ts';
import { FIXTURE_LANDING, FIXTURE_RUN_DATE } from './fixture-landing.ts';
import './e2e-site.ts';

const run = promisify(execFile);
const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = join(REPO_ROOT, 'bin', 'crm-warehouse.js');

/** Small enough to build in well under a minute on two cores, big enough for every chart to have data. */
const SCALE = '0.05';

async function cli(args: readonly string[]): Promise<void> {
  try {
    await run(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`crm-warehouse ${args.join(' ')} failed: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`, { cause: error });
  }
}

/** Builds a landing folder into targetDir (and scores it) and writes its docs site; extra arguments go to every command. */
async function buildSite(landing: string, targetDir: string, extra: readonly string[], options: { readonly score?: boolean } = {}): Promise<E2eSite> {
  await cli(['build', '--landing', landing, '--target-path', targetDir, ...extra]);
  if (options.score) await cli(['score', '--target-path', targetDir, ...extra]);
  await cli(['docs', '--target-path', targetDir, ...extra]);
  const plan = JSON.parse(await readFile(join(targetDir, 'manifest.json'), 'utf8')) as { vars: { run_date: string } };
  return { targetDir, docsDir: join(targetDir, 'docs'), database: join(targetDir, 'warehouse.duckdb'), runDate: String(plan.vars.run_date) };
}

async function generatedSite(root: string): Promise<E2eSite> {
  const landing = join(root, 'landing');
  await cli(['generate', '--scale', SCALE, '--out', landing]);
  return buildSite(landing, join(root, 'target'), [], { score: true });
}

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), 'crm-e2e-'));
  // The fixture build is a few seconds of work; it runs while the generated landing is written and built.
  const [site, fixtureSite] = await Promise.all([
    generatedSite(root),
    buildSite(FIXTURE_LANDING, join(root, 'fixture-target'), ['--vars', `{run_date: ${FIXTURE_RUN_DATE}}`]),
  ]);
  project.provide('e2eSite', site);
  project.provide('e2eFixtureSite', fixtureSite);
  return async () => {
    await rm(root, { recursive: true, force: true });
  };
}
