/**
 * The files every dashboard page loads from assets/: ECharts (copied from the installed package, so
 * the site works offline and from file://), the page script (bundled from lib/dashboards/browser/
 * with esbuild into one classic script, since ES modules do not load from file://) and the
 * stylesheet.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ECHARTS_SCRIPT, RUNTIME_SCRIPT } from '../page/dashboard-page.ts';
import { STYLESHEET_PATH } from '../page/page-layout.ts';

const here = dirname(fileURLToPath(import.meta.url));
const RUNTIME_ENTRY = join(here, '..', 'browser', 'dashboard-runtime.ts');
const STYLESHEET_SOURCE = join(here, '..', 'assets', 'dashboards.css');

/** Writes assets/ under the dashboards folder; returns the files written, relative to it. */
export async function writeSiteAssets(dashboardsDir: string): Promise<string[]> {
  await mkdir(join(dashboardsDir, 'assets'), { recursive: true });
  const echarts = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
  await copyFile(echarts, join(dashboardsDir, ECHARTS_SCRIPT));
  await writeFile(join(dashboardsDir, RUNTIME_SCRIPT), await bundleRuntime());
  await copyFile(STYLESHEET_SOURCE, join(dashboardsDir, STYLESHEET_PATH));
  return [ECHARTS_SCRIPT, RUNTIME_SCRIPT, STYLESHEET_PATH];
}

export async function bundleRuntime(): Promise<string> {
  const result = await build({
    entryPoints: [RUNTIME_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote nothing for ${RUNTIME_ENTRY}`);
  return output.text;
}
