/**
 * Our transcription, in zod, of what dbt's published artifact schemas REQUIRE, plus the fields
 * dbt-artifact tools commonly read. Not the published files (those are not copied into this
 * repository); every object here accepts further keys, as our transcription covers only these:
 * - run_results.json: https://schemas.getdbt.com/dbt/run-results/v6.json (RunResultsArtifact)
 * - sources.json:     https://schemas.getdbt.com/dbt/sources/v3.json (FreshnessExecutionResultArtifact)
 * - manifest.json:    https://schemas.getdbt.com/dbt/manifest/v12.json (WritableManifest)
 */
import { z } from 'zod';

export const RUN_RESULTS_SCHEMA = 'https://schemas.getdbt.com/dbt/run-results/v6.json';
export const SOURCES_SCHEMA = 'https://schemas.getdbt.com/dbt/sources/v3.json';
export const MANIFEST_SCHEMA = 'https://schemas.getdbt.com/dbt/manifest/v12.json';

const timing = z.looseObject({ name: z.string(), started_at: z.string().nullable().optional(), completed_at: z.string().nullable().optional() });
const nullableString = z.string().nullable();

/** run-results v6: RunResultOutput requires every field below; status is one of three enums. */
export const runResultsSchema = z.looseObject({
  metadata: z.looseObject({ dbt_schema_version: z.literal(RUN_RESULTS_SCHEMA), generated_at: z.string().optional(), invocation_id: nullableString.optional() }),
  results: z.array(
    z.looseObject({
      status: z.enum(['success', 'error', 'skipped', 'partial success', 'pass', 'fail', 'warn', 'runtime error']),
      timing: z.array(timing),
      thread_id: z.string(),
      execution_time: z.number(),
      adapter_response: z.record(z.string(), z.unknown()),
      message: nullableString,
      failures: z.number().int().nullable(),
      unique_id: z.string(),
      compiled: z.boolean().nullable(),
      compiled_code: nullableString,
      relation_name: nullableString,
    }),
  ),
  elapsed_time: z.number(),
  args: z.record(z.string(), z.unknown()).optional(),
});

const threshold = z.looseObject({ count: z.number().int().nullable().optional(), period: z.enum(['minute', 'hour', 'day']).nullable().optional() }).nullable();

/** sources v3: each result is a SourceFreshnessOutput or a SourceFreshnessRuntimeError. */
export const sourcesSchema = z.looseObject({
  metadata: z.looseObject({ dbt_schema_version: z.literal(SOURCES_SCHEMA) }),
  results: z.array(
    z.union([
      z.looseObject({
        unique_id: z.string(),
        max_loaded_at: z.string(),
        snapshotted_at: z.string(),
        max_loaded_at_time_ago_in_s: z.number(),
        status: z.enum(['pass', 'warn', 'error', 'runtime error']),
        criteria: z.looseObject({ warn_after: threshold.optional(), error_after: threshold.optional() }),
        adapter_response: z.record(z.string(), z.unknown()),
        timing: z.array(timing),
        thread_id: z.string(),
        execution_time: z.number(),
      }),
      z.looseObject({ unique_id: z.string(), error: z.union([z.string(), z.number()]).nullable(), status: z.literal('runtime error') }),
    ]),
  ),
  elapsed_time: z.number(),
});

const checksum = z.looseObject({ name: z.string(), checksum: z.string() });
const dependsOn = z.looseObject({ nodes: z.array(z.string()).optional(), macros: z.array(z.string()).optional() });
/** Model, Seed, GenericTest and SingularTest nodes require the same fields. */
const node = z.looseObject({
  database: nullableString,
  schema: z.string(),
  name: z.string(),
  resource_type: z.enum(['model', 'seed', 'test']),
  package_name: z.string(),
  path: z.string(),
  original_file_path: z.string(),
  unique_id: z.string(),
  fqn: z.array(z.string()),
  alias: z.string(),
  checksum,
  depends_on: dependsOn.optional(),
  config: z.looseObject({ materialized: z.string().optional() }).optional(),
  relation_name: nullableString.optional(),
});
const source = z.looseObject({
  database: nullableString,
  schema: z.string(),
  name: z.string(),
  resource_type: z.literal('source'),
  package_name: z.string(),
  path: z.string(),
  original_file_path: z.string(),
  unique_id: z.string(),
  fqn: z.array(z.string()),
  source_name: z.string(),
  source_description: z.string(),
  loader: z.string(),
  identifier: z.string(),
});
const exposure = z.looseObject({
  name: z.string(),
  resource_type: z.literal('exposure'),
  package_name: z.string(),
  path: z.string(),
  original_file_path: z.string(),
  unique_id: z.string(),
  fqn: z.array(z.string()),
  type: z.enum(['dashboard', 'notebook', 'analysis', 'ml', 'application']),
  owner: z.looseObject({ name: nullableString.optional(), email: z.union([z.string(), z.array(z.string())]).nullable().optional() }),
  depends_on: dependsOn.optional(),
});
const unitTest = z.looseObject({
  model: z.string(),
  given: z.array(z.unknown()),
  expect: z.unknown(),
  name: z.string(),
  resource_type: z.literal('unit_test'),
  package_name: z.string(),
  path: z.string(),
  original_file_path: z.string(),
  unique_id: z.string(),
  fqn: z.array(z.string()),
});
const idMap = z.record(z.string(), z.array(z.string())).nullable();

/** manifest v12: the top-level keys are all required; metadata requires none of its own. */
export const manifestSchema = z.looseObject({
  metadata: z.looseObject({ dbt_schema_version: z.literal(MANIFEST_SCHEMA), project_name: z.string().optional(), adapter_type: nullableString.optional() }),
  nodes: z.record(z.string(), node),
  sources: z.record(z.string(), source),
  macros: z.record(z.string(), z.unknown()),
  docs: z.record(z.string(), z.unknown()),
  exposures: z.record(z.string(), exposure),
  metrics: z.record(z.string(), z.unknown()),
  groups: z.record(z.string(), z.unknown()),
  selectors: z.record(z.string(), z.unknown()),
  disabled: z.record(z.string(), z.array(z.unknown())).nullable(),
  parent_map: idMap,
  child_map: idMap,
  group_map: idMap,
  saved_queries: z.record(z.string(), z.unknown()),
  semantic_models: z.record(z.string(), z.unknown()),
  unit_tests: z.record(z.string(), unitTest),
});
