import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { join, relative } from 'node:path';
import { writeDashboards, type DashboardSummary } from '../../dashboards/write-dashboards.ts';
import { readRunHistory } from '../../docs/run-history.ts';
import { serveDocsSite } from '../../docs/serve-docs-site.ts';
import type { WarehouseHistory } from '../../docs/site/docs-context.ts';
import { testDeclarations } from '../../docs/site/test-declarations.ts';
import { writeDocsSite } from '../../docs/write-docs-site.ts';
import type { Plan } from '../../plan/plan.ts';
import type { CliIo } from '../cli-io.ts';
import { compileAt } from '../compile-at.ts';
import { openWarehouse, type CliTarget, type RedshiftOptions } from '../open-warehouse.ts';
import { parseVars } from '../parse-vars.ts';
import { resolvePaths, type PathOptions, type ProjectPaths } from '../project-paths.ts';

export interface DocsCommandOptions extends PathOptions, RedshiftOptions {
  readonly target: CliTarget;
  readonly vars?: string;
  readonly serve?: boolean;
  /** --serve: the port on 127.0.0.1 (0 = any free port). */
  readonly port: number;
  readonly debug?: boolean;
}

/** What the warehouse contributed: the latest results, and the dashboards exported from its marts. */
interface FromWarehouse {
  readonly history: WarehouseHistory;
  readonly dashboards?: DashboardSummary;
  /** Set when the warehouse exists but something could not be read or exported from it. */
  readonly failure?: string;
}

function interrupted(): Promise<void> {
  return Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]).then(() => undefined);
}

/**
 * Compiles the project; when the warehouse exists, reads its latest results and exports the
 * dashboards from its marts (target/docs/dashboards/, lib/dashboards); then writes the docs pages,
 * which link the dashboards that are there. The site is always written: a warehouse that exists
 * but cannot be read (locked by a running build, say) or whose dashboards fail leaves the results
 * or dashboards out, says why on the pages and on stderr, and the command exits 1. With --serve the
 * site is then served until `stop` settles (Ctrl-C).
 */
export async function docsCommand(options: DocsCommandOptions, io: CliIo, stop: Promise<void> = interrupted()): Promise<number> {
  const paths = resolvePaths(options);
  const { project, plan } = await compileAt(paths, options.target, parseVars(options.vars));
  const outDir = join(paths.targetDir, 'docs');
  const fromWarehouse = await readWarehouse(options, paths, plan, outDir, io);
  const site = await writeDocsSite({ plan, outDir, warehouse: fromWarehouse.history, testDeclarations: testDeclarations(project, plan) });

  const show = relative(process.cwd(), outDir) || '.';
  io.out(
    `Docs: ${site.pages.length} pages (${plan.models.length} models, ${plan.sources.length} sources, ${plan.exposures.length} exposures) in ${show}/; ` +
      `open ${show}/index.html`,
  );
  io.out(
    `Column lineage: ${site.tracedColumns} model columns traced` +
      (site.unresolvedColumns + site.incompleteModels === 0
        ? ', all resolved'
        : `, ${site.unresolvedColumns} with unresolved references, ${site.incompleteModels} models with an incomplete column list`) +
      ` (${show}/lineage.json)`,
  );
  io.out(testResultsLine(fromWarehouse.history, plan));
  io.out(dashboardsLine(fromWarehouse, show));
  const code = fromWarehouse.failure === undefined ? 0 : 1;
  if (!options.serve) return code;

  const server = await serveDocsSite(outDir, options.port);
  io.out(`Serving ${show}/ at ${server.url} (Ctrl-C stops it)`);
  await stop;
  await server.close();
  io.out('Stopped.');
  return code;
}

async function readWarehouse(options: DocsCommandOptions, paths: ProjectPaths, plan: Plan, outDir: string, io: CliIo): Promise<FromWarehouse> {
  // Opening a DuckDB file or PGlite folder that is not there would create an empty warehouse.
  if (options.target !== 'redshift' && !existsSync(paths.database)) return { history: { state: 'absent', location: paths.database } };
  let location = paths.database;
  let warehouse;
  try {
    warehouse = await openWarehouse({ ...options, paths }, io);
    location = warehouse.location;
    const schemas = [...new Set([...plan.sources, ...plan.models].map((node) => node.relation.schema))];
    const history: WarehouseHistory = { state: 'read', location, history: await readRunHistory(warehouse.engine, schemas) };
    try {
      return { history, dashboards: await writeDashboards(warehouse.engine, plan, outDir) };
    } catch (error) {
      const reason = firstLine(error);
      io.err(`Error: the dashboards could not be exported from ${location}: ${reason}`);
      return { history, failure: reason };
    }
  } catch (error) {
    const reason = firstLine(error);
    io.err(`Error: the warehouse at ${location} could not be read; the docs show no test results or dashboards: ${reason}`);
    return { history: { state: 'unreadable', location, reason }, failure: reason };
  } finally {
    await warehouse?.engine.close();
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

function testResultsLine(warehouse: WarehouseHistory, plan: Plan): string {
  switch (warehouse.state) {
    case 'absent':
      return `Test results: not run yet (no warehouse at ${warehouse.location})`;
    case 'unreadable':
      return `Test results: unavailable (${warehouse.reason})`;
    case 'read': {
      const ids = [...plan.tests, ...(plan.unitTests ?? [])].map((test) => test.id);
      const withResult = ids.filter((id) => warehouse.history.checks.has(id)).length;
      return `Test results: the latest of ${withResult} of ${ids.length} tests, from ${warehouse.location}`;
    }
  }
}

function dashboardsLine(fromWarehouse: FromWarehouse, show: string): string {
  if (fromWarehouse.dashboards !== undefined) {
    return `Dashboards: ${fromWarehouse.dashboards.dashboards.length} in ${show}/dashboards/; open ${show}/dashboards/index.html`;
  }
  if (fromWarehouse.history.state === 'absent') return 'Dashboards: none yet (they are drawn from the marts: run crm-warehouse build first)';
  return `Dashboards: not written (${fromWarehouse.failure ?? 'unknown reason'})`;
}
