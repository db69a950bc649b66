/**
 * target/run_results.json in dbt's format (run-results v6, dbt-artifact-schemas.ts): one result
 * per node the run finished, with its status, timing, compiled SQL and relation, so dbt-artifact
 * tools read our runs and `--state` / `result:` / `retry` read the last one.
 */
import { relationText, type Plan } from '../plan/plan.ts';
import type { RunResult } from '../runner/run-result.ts';
import { RUN_RESULTS_SCHEMA } from './dbt-artifact-schemas.ts';
import { DBT_VERSION } from './dbt-version.ts';

export interface RunArguments {
  readonly which: string;
  readonly target: string;
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly state?: string;
  readonly defer?: boolean;
}

export function runResultsArtifact(plan: Plan, run: RunResult, args: RunArguments, generatedAt: Date): unknown {
  const compiled = new Map<string, { sql: string; relation: string | null }>([
    ...plan.models.map((model) => [model.id, { sql: model.sql, relation: relationText(model.relation, plan.target) }] as const),
    ...plan.tests.map((test) => [test.id, { sql: test.sql, relation: null }] as const),
    ...(plan.unitTests ?? []).map((test) => [test.id, { sql: test.sql, relation: null }] as const),
  ]);
  return {
    metadata: { dbt_schema_version: RUN_RESULTS_SCHEMA, dbt_version: DBT_VERSION, generated_at: generatedAt.toISOString(), invocation_id: run.runId, env: {} },
    results: run.results.map((result) => {
      const node = compiled.get(result.id);
      const ran = result.status !== 'skipped';
      return {
        status: result.status,
        timing: ran
          ? [{ name: 'execute', started_at: result.startedAt.toISOString(), completed_at: result.completedAt.toISOString() }]
          : [],
        // The runner schedules nodes on the engine's pool, not on named threads.
        thread_id: 'main',
        execution_time: result.seconds,
        adapter_response: result.rows === null || result.rows === undefined ? {} : { rows_affected: result.rows },
        message: result.message ?? null,
        failures: result.failures ?? null,
        unique_id: result.id,
        compiled: node !== undefined,
        compiled_code: node?.sql ?? null,
        relation_name: node?.relation ?? null,
      };
    }),
    elapsed_time: run.elapsedSeconds,
    args: Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined)),
  };
}
