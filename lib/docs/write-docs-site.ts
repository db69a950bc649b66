/**
 * Writes the docs site (docs/architecture.md, "Local user experience") to
 * target/docs/: index.html with the lineage graph, a page per model, source table and exposure,
 * lineage.json, the search catalog and the assets. Everything is relative and embedded, so the
 * site works opened from file://.
 *
 * The dashboards (lib/dashboards) share the folder: they own dashboards/, this writer never touches
 * it and links a dashboard only when its page is there when the site is written. Pages of nodes that
 * no longer exist are removed with their folders (models/, sources/, exposures/), which this writer owns.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../plan/plan.ts';
import { planColumnLineage } from './column-lineage/plan-column-lineage.ts';
import { exposurePageHtml } from './pages/exposure-page.ts';
import { indexPageHtml } from './pages/index-page.ts';
import { modelPageHtml } from './pages/model-page.ts';
import { sourcePageHtml } from './pages/source-page.ts';
import { docsContext, type DocsContext, type WarehouseHistory } from './site/docs-context.ts';
import { lineageDocument } from './site/lineage-document.ts';
import { catalogScript } from './site/search-catalog.ts';
import { CATALOG_SCRIPT, DASHBOARDS_INDEX, dashboardPage, exposurePage, GRAPH_SCRIPT, INDEX_PAGE, LINEAGE_JSON, modelPage, SITE_SCRIPT, sourcePage, STYLESHEET } from './site/site-paths.ts';

export interface WriteDocsSiteOptions {
  readonly plan: Plan;
  /** The site folder, `<target-path>/docs`. */
  readonly outDir: string;
  readonly warehouse: WarehouseHistory;
  /** @default now */
  readonly generatedAt?: Date;
  /** Where each generic test was declared (test-declarations.ts); without it tests show on the model they audit. */
  readonly testDeclarations?: ReadonlyMap<string, string>;
}

export interface WrittenDocsSite {
  readonly outDir: string;
  /** Site-relative paths of the HTML pages written. */
  readonly pages: readonly string[];
  readonly tracedColumns: number;
  readonly unresolvedColumns: number;
  readonly incompleteModels: number;
  readonly dashboards: number;
}

/** Static files shipped with the code, copied as they are. */
const ASSETS: readonly { readonly file: string; readonly sitePath: string }[] = [
  { file: 'site.css', sitePath: STYLESHEET },
  { file: 'site.js', sitePath: SITE_SCRIPT },
  { file: 'lineage-graph.js', sitePath: GRAPH_SCRIPT },
];

const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');

/** Folders of node pages, rewritten whole on every run. */
const PAGE_FOLDERS = ['models', 'sources', 'exposures'];

export async function writeDocsSite(options: WriteDocsSiteOptions): Promise<WrittenDocsSite> {
  const { plan, outDir } = options;
  const context = docsContext({
    plan,
    lineage: planColumnLineage(plan),
    warehouse: options.warehouse,
    dashboards: await existingDashboards(outDir, plan),
    dashboardsIndex: existsSync(join(outDir, DASHBOARDS_INDEX)),
    generatedAt: options.generatedAt ?? new Date(),
    testDeclarations: options.testDeclarations,
  });

  await mkdir(outDir, { recursive: true });
  await Promise.all(PAGE_FOLDERS.map((folder) => rm(join(outDir, folder), { recursive: true, force: true })));
  const pages = sitePages(context);
  for (const [page, text] of pages) await writeSiteFile(outDir, page, text);
  for (const asset of ASSETS) {
    await mkdir(dirname(join(outDir, asset.sitePath)), { recursive: true });
    await copyFile(join(ASSETS_DIR, asset.file), join(outDir, asset.sitePath));
  }
  await writeSiteFile(outDir, CATALOG_SCRIPT, catalogScript(context));
  await writeSiteFile(outDir, LINEAGE_JSON, `${JSON.stringify(lineageDocument(context), null, 2)}\n`);

  const columns = context.lineage.flatMap((model) => model.columns);
  return {
    outDir,
    pages: [...pages.keys()],
    tracedColumns: columns.length,
    unresolvedColumns: columns.filter((column) => column.unresolved.length > 0).length,
    incompleteModels: context.lineage.filter((model) => model.incomplete.length > 0).length,
    dashboards: context.dashboards.size,
  };
}

function sitePages(context: DocsContext): Map<string, string> {
  const pages = new Map<string, string>([[INDEX_PAGE, indexPageHtml(context).text]]);
  for (const model of context.plan.models) pages.set(modelPage(model.name), modelPageHtml(context, model).text);
  for (const source of context.plan.sources) pages.set(sourcePage(source.sourceName, source.tableName), sourcePageHtml(context, source).text);
  for (const exposure of context.plan.exposures) pages.set(exposurePage(exposure.name), exposurePageHtml(context, exposure).text);
  return pages;
}

async function writeSiteFile(outDir: string, sitePath: string, text: string): Promise<void> {
  const file = join(outDir, sitePath);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** Exposures whose dashboard page (dashboards/<name>.html, written by lib/dashboards) is present. */
async function existingDashboards(outDir: string, plan: Plan): Promise<Set<string>> {
  const folder = join(outDir, 'dashboards');
  if (!existsSync(folder)) return new Set();
  const files = new Set(await readdir(folder));
  return new Set(plan.exposures.filter((exposure) => files.has(dashboardPage(exposure.name).slice('dashboards/'.length))).map((exposure) => exposure.name));
}
