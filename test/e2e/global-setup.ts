/**
 * Once per `npm run test:e2e`: generate a small landing folder (scale 0.05), build the warehouse
 * and write the docs site with its dashboards into a temporary target folder, with the real CLI in
 * child processes, as a user would. Works on a clean machine: nothing is read from target/.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import type { E2eSite } from './e2e-site.ts';
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

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), 'crm-e2e-'));
  const landing = join(root, 'landing');
  const targetDir = join(root, 'target');
  await cli(['generate', '--scale', SCALE, '--out', landing]);
  await cli(['build', '--landing', landing, '--target-path', targetDir]);
  await cli(['docs', '--target-path', targetDir]);
  const plan = JSON.parse(await readFile(join(targetDir, 'manifest.json'), 'utf8')) as { vars: { run_date: string } };
  const site: E2eSite = { targetDir, docsDir: join(targetDir, 'docs'), database: join(targetDir, 'warehouse.duckdb'), runDate: String(plan.vars.run_date) };
  project.provide('e2eSite', site);
  return async () => {
    await rm(root, { recursive: true, force: true });
  };
}
