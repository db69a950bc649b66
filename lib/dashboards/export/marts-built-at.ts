/**
 * When the marts were last built: the latest successful run of each mart in audit.model_runs. A
 * dashboard's header says how fresh its figures are; a warehouse built before run history existed
 * (no audit table) simply has no such date.
 */
import { AUDIT_SCHEMA, AUDIT_TABLES } from '../../audit/audit-tables.ts';
import type { Engine } from '../../engines/engine.ts';
import { sqlString } from '../../sql/literals.ts';

/** model id → completed_at (ISO timestamp) of its latest successful build. */
export async function martsBuiltAt(engine: Engine, modelIds: readonly string[]): Promise<Map<string, string>> {
  const built = new Map<string, string>();
  if (modelIds.length === 0) return built;
  if ((await engine.relationKind({ schema: AUDIT_SCHEMA, name: 'model_runs' })) === undefined) return built;
  const rows = await engine.query(
    `select node_id, max(completed_at) as completed_at from ${AUDIT_TABLES.modelRuns} ` +
      `where status = 'success' and node_id in (${modelIds.map(sqlString).join(', ')}) group by node_id`,
  );
  for (const row of rows) {
    if (row.completed_at !== null) built.set(String(row.node_id), String(row.completed_at));
  }
  return built;
}

/** The build time of a dashboard's data: the latest of its marts' builds (null when none is known). */
export function latestBuild(built: ReadonlyMap<string, string>, modelIds: readonly string[]): string | null {
  const times = modelIds.flatMap((id) => built.get(id) ?? []).sort();
  return times[times.length - 1] ?? null;
}
