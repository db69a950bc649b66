/**
 * A model's effective config. Precedence as in dbt: layer defaults (project.yml) < the model's
 * `config:` in schema.yml < `{{ config() }}` in its .sql file. Tags add up across all three, and so
 * do post_hooks (schema.yml's first), as dbt's hooks do; `grants` are replaced by the more specific
 * level, as dbt does without its `+` prefix.
 */
import type { IncrementalStrategy, Materialization, ModelGrants, OnSchemaChange } from '../plan/plan.ts';
import type { ModelConfigInput } from './project-schemas.ts';
import type { LayerDefaults, PostHookSpec } from './project.ts';

export interface EffectiveModelConfig {
  readonly schema: string;
  readonly materialized: Materialization;
  readonly tags: readonly string[];
  readonly uniqueKey?: readonly string[];
  readonly incrementalStrategy?: IncrementalStrategy;
  readonly onSchemaChange?: OnSchemaChange;
  readonly postHook?: readonly PostHookSpec[];
  readonly dist?: string;
  readonly sort?: readonly string[];
  readonly grants?: ModelGrants;
  /** dbt's `contract: {enforced: true}` (lib/publish/contract-check.ts). */
  readonly contractEnforced?: true;
}

/** Where each level's `config` was written, for the messages of its post_hooks. */
export interface ConfigPlaces {
  /** `sql/facts/schema.yml: models[2].config` */
  readonly properties: string;
  /** `sql/facts/fact_deals.sql:3` (the config() call that set post_hook) */
  readonly sql: string;
}

export function effectiveModelConfig(
  layer: LayerDefaults,
  fromProperties: ModelConfigInput,
  fromSql: ModelConfigInput,
  places: ConfigPlaces,
): EffectiveModelConfig {
  const uniqueKey = fromSql.unique_key ?? fromProperties.unique_key;
  const incrementalStrategy = fromSql.incremental_strategy ?? fromProperties.incremental_strategy;
  const onSchemaChange = fromSql.on_schema_change ?? fromProperties.on_schema_change;
  const hooks = (statements: readonly string[] | undefined, place: string): PostHookSpec[] =>
    (statements ?? []).map((sql, index) => ({ sql, place: `${place}.post_hook[${index}]` }));
  const postHook = [...hooks(fromProperties.post_hook, places.properties), ...hooks(fromSql.post_hook, `${places.sql}: config`)];
  const dist = fromSql.dist ?? fromProperties.dist;
  const sort = fromSql.sort ?? fromProperties.sort;
  const grants = fromSql.grants ?? fromProperties.grants ?? layer.grants;
  const contract = fromSql.contract ?? fromProperties.contract;
  return {
    schema: layer.schema,
    materialized: fromSql.materialized ?? fromProperties.materialized ?? layer.materialized,
    tags: [...new Set([...layer.tags, ...(fromProperties.tags ?? []), ...(fromSql.tags ?? [])])],
    ...(uniqueKey === undefined ? {} : { uniqueKey }),
    ...(incrementalStrategy === undefined ? {} : { incrementalStrategy }),
    ...(onSchemaChange === undefined ? {} : { onSchemaChange }),
    ...(postHook.length === 0 ? {} : { postHook }),
    ...(dist === undefined ? {} : { dist }),
    ...(sort === undefined ? {} : { sort }),
    ...(grants === undefined ? {} : { grants: { select: [...new Set(grants.select)] } }),
    ...(contract?.enforced === true ? { contractEnforced: true } : {}),
  };
}
