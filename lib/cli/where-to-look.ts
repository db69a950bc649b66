import { relative } from 'node:path';
import type { ProjectPaths } from './project-paths.ts';

/** The closing pointers of a run: where the warehouse (a DuckDB file unless `otherWarehouse` says), the compiled SQL and this run's history are. */
export function whereToLookLines(paths: ProjectPaths, runId: string, otherWarehouse?: string): string[] {
  const show = (path: string): string => relative(process.cwd(), path) || '.';
  const warehouse = otherWarehouse ?? `${show(paths.database)} (open it with any DuckDB client)`;
  return [
    `Warehouse:     ${warehouse}; schemas raw, staging, analytics, marts, audit`,
    `Compiled SQL:  ${show(paths.targetDir)}/compiled/   plan: ${show(paths.targetDir)}/manifest.json`,
    `This run:      select * from audit.model_runs where run_id = '${runId}'  (also audit.check_results, audit.load_errors)`,
  ];
}
