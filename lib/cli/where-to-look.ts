import { relative } from 'node:path';
import { DBT_MANIFEST_FILE, RUN_RESULTS_FILE } from '../artifacts/write-artifacts.ts';
import type { PlanLayer } from '../plan/plan.ts';
import type { ProjectPaths } from './project-paths.ts';

/**
 * The closing pointers of a run: where the warehouse (a DuckDB file unless `otherWarehouse` says),
 * the compiled SQL, dbt's artifacts and this run's history are.
 */
export function whereToLookLines(paths: ProjectPaths, layers: readonly PlanLayer[], runId: string, otherWarehouse?: string): string[] {
  const show = (path: string): string => relative(process.cwd(), path) || '.';
  const warehouse = otherWarehouse ?? `${show(paths.database)} (open it with any DuckDB client)`;
  const prefix = paths.schemaPrefix;
  const layerSchemas = [...new Set(layers.map((layer) => layer.schema))];
  const schemas = prefix === '' ? `schemas ${['raw', ...layerSchemas, 'audit'].join(', ')}` : `models in ${prefix}* schemas (target ${paths.targetName}); raw and audit shared`;
  const target = show(paths.targetDir);
  return [
    `Warehouse:     ${warehouse}; ${schemas}`,
    `Compiled SQL:  ${target}/compiled/   plan: ${target}/manifest.json`,
    `dbt artifacts: ${target}/${RUN_RESULTS_FILE}, ${target}/${DBT_MANIFEST_FILE}`,
    `This run:      select * from audit.model_runs where run_id = '${runId}'  (also audit.check_results, audit.load_errors)`,
  ];
}
