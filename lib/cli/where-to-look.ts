import { relative } from 'node:path';
import type { ProjectPaths } from './project-paths.ts';

/** The closing pointers of a run: where the warehouse, the compiled SQL and this run's history are. */
export function whereToLookLines(paths: ProjectPaths, runId: string): string[] {
  const show = (path: string): string => relative(process.cwd(), path) || '.';
  return [
    `Warehouse:     ${show(paths.database)} (schemas raw, staging, analytics, marts, audit; open it with any DuckDB client)`,
    `Compiled SQL:  ${show(paths.targetDir)}/compiled/   plan: ${show(paths.targetDir)}/manifest.json`,
    `This run:      select * from audit.model_runs where run_id = '${runId}'  (also audit.check_results, audit.load_errors)`,
  ];
}
