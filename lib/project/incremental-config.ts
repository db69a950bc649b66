/**
 * The config only an incremental model uses, checked where it was written: `incremental_strategy`
 * and `on_schema_change` on any other model are errors (they would be silently ignored), and the
 * strategies that replace rows by key (delete+insert, the default, and merge) need `unique_key`.
 * `landed_keys()` reads the model's own last build, so only an incremental model may call it.
 */
import type { ModelConfigInput } from './project-schemas.ts';
import { ProjectError } from './errors.ts';
import type { ModelSpec } from './project.ts';
import { LANDED_KEYS_OUTSIDE_INCREMENTAL, type TemplateScan } from './template.ts';

/** `sql/facts/fact_x.sql:2` or `sql/facts/schema.yml: models[0].config.unique_key`: where a config key was set. */
export type ConfigKeyPlace = (key: keyof ModelConfigInput) => string;

const INCREMENTAL_ONLY = ['incremental_strategy', 'on_schema_change'] as const;

export function checkIncrementalConfig(model: ModelSpec, placeOf: ConfigKeyPlace, errors: ProjectError[]): void {
  if (model.materialized !== 'incremental') {
    const set = { incremental_strategy: model.incrementalStrategy, on_schema_change: model.onSchemaChange };
    for (const key of INCREMENTAL_ONLY) {
      if (set[key] === undefined) continue;
      errors.push(
        new ProjectError(
          placeOf(key),
          `model '${model.name}' sets ${key}, which only an incremental model uses, but it is materialized as ${model.materialized}: set materialized='incremental' or remove ${key}`,
        ),
      );
    }
    return;
  }
  const strategy = model.incrementalStrategy ?? 'delete+insert';
  if (strategy !== 'append' && (model.uniqueKey === undefined || model.uniqueKey.length === 0)) {
    errors.push(
      new ProjectError(
        placeOf(model.incrementalStrategy === undefined ? 'materialized' : 'incremental_strategy'),
        `incremental model '${model.name}' uses incremental_strategy '${strategy}'${model.incrementalStrategy === undefined ? ' (the default)' : ''}, which replaces rows by unique_key, but declares no unique_key: set unique_key to the columns that identify a row, or incremental_strategy='append' to insert every increment row`,
      ),
    );
  }
}

/** Each landed_keys() of a file that is not an incremental model (`what`: "model 'x' is materialized as table"). */
export function checkLandedKeysUse(scan: TemplateScan, path: string, incremental: boolean, what: string, errors: ProjectError[]): void {
  if (incremental) return;
  for (const use of scan.landedKeys) errors.push(new ProjectError(`${path}:${use.line}`, `${LANDED_KEYS_OUTSIDE_INCREMENTAL}, and ${what}`));
}
