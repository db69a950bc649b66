/** target/sources.json in dbt's format (sources v3, dbt-artifact-schemas.ts), from a `source freshness` check. */
import type { FreshnessCheck } from '../freshness/check-source-freshness.ts';
import type { FreshnessResult } from '../freshness/freshness-records.ts';
import type { FreshnessThreshold, PlanSource } from '../plan/plan.ts';
import { SOURCES_SCHEMA } from './dbt-artifact-schemas.ts';
import { DBT_VERSION } from './dbt-version.ts';

export function sourcesArtifact(check: FreshnessCheck, sources: readonly PlanSource[], runId: string, elapsedSeconds: number, generatedAt: Date): unknown {
  const byId = new Map(sources.map((source) => [source.id, source]));
  return {
    metadata: { dbt_schema_version: SOURCES_SCHEMA, dbt_version: DBT_VERSION, generated_at: generatedAt.toISOString(), invocation_id: runId, env: {} },
    results: check.results.map((result) => resultOf(result, byId.get(result.sourceId))),
    elapsed_time: elapsedSeconds,
  };
}

function resultOf(result: FreshnessResult, source: PlanSource | undefined): unknown {
  // dbt reports a table it could not measure (no rows, a failed query) as a runtime error without ages.
  if (result.status === 'runtime error' || result.maxLoadedAt === null || result.ageSeconds === null) {
    return { unique_id: result.sourceId, error: result.message ?? 'no loaded_at value', status: 'runtime error' };
  }
  const started = new Date(result.checkedAt.getTime() - result.seconds * 1000);
  return {
    unique_id: result.sourceId,
    max_loaded_at: result.maxLoadedAt.toISOString(),
    snapshotted_at: result.snapshottedAt.toISOString(),
    max_loaded_at_time_ago_in_s: result.ageSeconds,
    status: result.status,
    criteria: { warn_after: threshold(source?.freshness?.warnAfter), error_after: threshold(source?.freshness?.errorAfter), filter: null },
    adapter_response: {},
    timing: [{ name: 'execute', started_at: started.toISOString(), completed_at: result.checkedAt.toISOString() }],
    thread_id: 'main',
    execution_time: result.seconds,
  };
}

function threshold(value: FreshnessThreshold | undefined): { count: number | null; period: string | null } {
  return { count: value?.count ?? null, period: value?.period ?? null };
}
