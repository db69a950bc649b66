/**
 * A model's effective config. Precedence as in dbt: layer defaults (project.yml) < the model's
 * `config:` in schema.yml < `{{ config() }}` in its .sql file. Tags add up across all three;
 * `grants` are replaced by the more specific level, as dbt does without its `+` prefix.
 */
import type { Materialization, ModelGrants } from '../plan/plan.ts';
import type { ModelConfigInput } from './project-schemas.ts';
import type { LayerDefaults } from './project.ts';

export interface EffectiveModelConfig {
  readonly schema: string;
  readonly materialized: Materialization;
  readonly tags: readonly string[];
  readonly uniqueKey?: readonly string[];
  readonly dist?: string;
  readonly sort?: readonly string[];
  readonly grants?: ModelGrants;
}

export function effectiveModelConfig(
  layer: LayerDefaults,
  fromProperties: ModelConfigInput,
  fromSql: ModelConfigInput,
): EffectiveModelConfig {
  const uniqueKey = fromSql.unique_key ?? fromProperties.unique_key;
  const dist = fromSql.dist ?? fromProperties.dist;
  const sort = fromSql.sort ?? fromProperties.sort;
  const grants = fromSql.grants ?? fromProperties.grants ?? layer.grants;
  return {
    schema: layer.schema,
    materialized: fromSql.materialized ?? fromProperties.materialized ?? layer.materialized,
    tags: [...new Set([...layer.tags, ...(fromProperties.tags ?? []), ...(fromSql.tags ?? [])])],
    ...(uniqueKey === undefined ? {} : { uniqueKey }),
    ...(dist === undefined ? {} : { dist }),
    ...(sort === undefined ? {} : { sort }),
    ...(grants === undefined ? {} : { grants: { select: [...new Set(grants.select)] } }),
  };
}
