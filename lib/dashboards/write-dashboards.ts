/**
 * Exports the dashboards into the docs site: for each exposure with a dashboard definition, query
 * its marts, then write `dashboards/<exposure>.html`, its data as `dashboards/data/<exposure>.js`
 * (a script defining a global, so the page works from file:// without a server) and the same data
 * as `.json` for other tools, an index page and the shared assets. Called by `crm-warehouse docs`
 * after the docs pages are written, against the warehouse the docs describe.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../engines/engine.ts';
import type { Plan, PlanExposure } from '../plan/plan.ts';
import type { DashboardDefinition } from './dashboard-definition.ts';
import type { DashboardData } from './dashboard-model.ts';
import { DASHBOARDS } from './dashboard-registry.ts';
import { ExposureMarts } from './exposure-marts.ts';
import { latestBuild, martsBuiltAt } from './export/marts-built-at.ts';
import { writeSiteAssets } from './export/site-assets.ts';
import { dashboardIndexPage } from './page/dashboard-index-page.ts';
import { dashboardPage, dataScriptPath } from './page/dashboard-page.ts';
import { dashboardPageFile, type NavigationEntry } from './page/page-layout.ts';

/** The global a data script defines; the page script reads it. */
export const DATA_GLOBAL = 'CRM_DASHBOARD_DATA';

export const DASHBOARDS_FOLDER = 'dashboards';

export interface WrittenDashboard {
  readonly exposure: string;
  readonly label: string;
  /** Absolute path of the page. */
  readonly page: string;
  readonly kpiCount: number;
  readonly chartCount: number;
  readonly tableCount: number;
}

export interface DashboardSummary {
  /** Absolute path of target/docs/dashboards. */
  readonly directory: string;
  /** Absolute path of the dashboards' index page. */
  readonly index: string;
  readonly dashboards: readonly WrittenDashboard[];
  /** Exposures of the project that have no dashboard definition (nothing was drawn for them). */
  readonly exposuresWithoutDashboard: readonly string[];
  readonly seconds: number;
}

export interface WriteDashboardsOptions {
  /** When the data is read, for the pages' header. @default now */
  readonly exportedAt?: Date;
  /** The dashboards to write. @default every dashboard in the registry */
  readonly definitions?: readonly DashboardDefinition[];
}

export async function writeDashboards(engine: Engine, plan: Plan, docsDir: string, options: WriteDashboardsOptions = {}): Promise<DashboardSummary> {
  const started = performance.now();
  const exportedAt = (options.exportedAt ?? new Date()).toISOString();
  const directory = join(docsDir, DASHBOARDS_FOLDER);
  const exposures = new Map(plan.exposures.map((exposure) => [exposure.name, exposure]));
  const drawn = (options.definitions ?? DASHBOARDS).flatMap((definition) => {
    const exposure = exposures.get(definition.exposure);
    return exposure ? [{ definition, exposure }] : [];
  });
  const navigation: NavigationEntry[] = drawn.map(({ definition, exposure }) => ({
    exposure: exposure.name,
    navLabel: definition.navLabel,
    label: exposure.label ?? exposure.name,
  }));
  const built = await martsBuiltAt(engine, [...new Set(drawn.flatMap(({ exposure }) => exposure.dependsOn.models))]);

  await mkdir(join(directory, 'data'), { recursive: true });
  await writeSiteAssets(directory);
  const written: WrittenDashboard[] = [];
  const exported: DashboardData[] = [];
  // One dashboard at a time: each already runs its queries concurrently, up to the engine's limit.
  for (const { definition, exposure } of drawn) {
    const data = await exportDashboard(engine, plan, definition, exposure, { exportedAt, martsBuiltAt: latestBuild(built, exposure.dependsOn.models) });
    exported.push(data);
    const page = join(directory, dashboardPageFile(exposure.name));
    await Promise.all([
      writeFile(join(directory, dataScriptPath(exposure.name)), dataScript(data)),
      writeFile(join(directory, 'data', `${exposure.name}.json`), `${JSON.stringify(data)}\n`),
      writeFile(page, dashboardPage(data, navigation)),
    ]);
    written.push({
      exposure: exposure.name,
      label: data.label,
      page,
      kpiCount: data.kpis.length + (data.accounts?.tiles.length ?? 0),
      chartCount: data.panels.filter((panel) => panel.kind === 'chart').length,
      tableCount: data.panels.filter((panel) => panel.kind === 'table').length,
    });
  }
  const index = join(directory, 'index.html');
  await writeFile(index, dashboardIndexPage(exported, navigation));
  const drawnNames = new Set(drawn.map(({ exposure }) => exposure.name));
  return {
    directory,
    index,
    dashboards: written,
    exposuresWithoutDashboard: plan.exposures.filter((exposure) => !drawnNames.has(exposure.name)).map((exposure) => exposure.name),
    seconds: (performance.now() - started) / 1000,
  };
}

async function exportDashboard(
  engine: Engine,
  plan: Plan,
  definition: DashboardDefinition,
  exposure: PlanExposure,
  times: { readonly exportedAt: string; readonly martsBuiltAt: string | null },
): Promise<DashboardData> {
  const marts = ExposureMarts.of(plan, exposure);
  let content;
  try {
    content = await definition.build({ engine, marts, runDate: runDateOf(plan), vars: plan.vars });
  } catch (error) {
    throw new Error(`dashboard ${exposure.name}: ${(error as Error).message}`, { cause: error });
  }
  return {
    exposure: exposure.name,
    label: exposure.label ?? exposure.name,
    description: exposure.description ?? '',
    ...(exposure.owner ? { owner: exposure.owner } : {}),
    ...(exposure.maturity ? { maturity: exposure.maturity } : {}),
    runDate: runDateOf(plan),
    exportedAt: times.exportedAt,
    martsBuiltAt: times.martsBuiltAt,
    marts: marts.names(),
    ...content,
  };
}

function runDateOf(plan: Plan): string {
  const runDate = plan.vars.run_date;
  // YAML may hand over a date as a Date; the warehouse's run_date is a calendar day.
  return runDate instanceof Date ? runDate.toISOString().slice(0, 10) : String(runDate ?? '');
}

/** data/<exposure>.js: the exported data as a global, loadable by a <script> tag from file://. */
export function dataScript(data: DashboardData): string {
  return `window.${DATA_GLOBAL} = ${JSON.stringify(data)};\n`;
}
