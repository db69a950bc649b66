/**
 * The shapes of the project's YAML files (`project.yml`, `sources.yml`, `schema.yml`,
 * `exposures.yml`) and of `{{ config() }}`, in dbt's version-2 property format. Objects are
 * strict: a misspelled key is an error, not a silently ignored setting. `meta:` stays free-form,
 * as in dbt. Test lists are left open here; `parse-generic-tests.ts` reads them entry by entry.
 */
import { z } from 'zod';
import { FRESHNESS_PERIODS, type IncrementalStrategy, type OnSchemaChange } from '../plan/plan.ts';
import { didYouMean } from './did-you-mean.ts';
import { TEST_RUN_CONFIG_SHAPE } from './test-config.ts';

/** Folders of `sql/` that hold something other than models, so no layer may take their name. */
export const NON_LAYER_FOLDERS = ['tests', 'macros', 'seeds'] as const;
export const MATERIALIZATIONS = ['view', 'table', 'incremental'] as const;
/** dbt's names (plan.ts, IncrementalStrategy). */
export const INCREMENTAL_STRATEGIES = ['delete+insert', 'merge', 'append'] as const satisfies readonly IncrementalStrategy[];
/** dbt's names (plan.ts, OnSchemaChange). */
export const ON_SCHEMA_CHANGE_VALUES = ['fail', 'ignore', 'append_new_columns', 'sync_all_columns'] as const satisfies readonly OnSchemaChange[];
export const SEVERITIES = ['error', 'warn'] as const;
export const EXPOSURE_TYPES = ['dashboard', 'notebook', 'analysis', 'ml', 'application'] as const;
export const MATURITIES = ['high', 'medium', 'low'] as const;

/** A value as a user would recognise it in an error message. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  return String(value);
}

function unknownKeysMessage(keys: readonly string[], known: readonly string[], noun: string): string {
  if (known.length === 0) return `unknown ${noun} ${keys.map((key) => `'${key}'`).join(', ')} (it takes none)`;
  if (keys.length === 1) {
    const key = keys[0] as string;
    const suggestion = didYouMean(key, known);
    return `unknown ${noun} '${key}'${suggestion === '' ? ` (expected one of ${known.join(', ')})` : suggestion}`;
  }
  return `unknown ${noun}s ${keys.map((key) => `'${key}'`).join(', ')} (expected one of ${known.join(', ')})`;
}

/** z.strictObject whose unknown-key error names the key and the nearest known one. */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape, noun = 'key') {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known, noun) : undefined),
  });
}

function oneOf<const Values extends readonly [string, ...string[]]>(values: Values, what: string) {
  return z.enum(values, {
    error: (issue) => `unknown ${what} ${describeValue(issue.input)} (one of ${values.join(', ')})`,
  });
}

export const nonEmptyString = z.string().refine((value) => value.trim() !== '', { error: 'must not be empty' });

/** Relations are always lower-case and unquoted (plan.ts, Relation). */
export const identifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]*$/, {
    error: (issue) => `${describeValue(issue.input)} is not a lower-case SQL identifier (a-z, 0-9, _)`,
  });

export const materialization = oneOf(MATERIALIZATIONS, 'materialization');

/** dbt accepts `severity: WARN` as well. */
export const severity = z
  .string()
  .transform((value) => value.toLowerCase())
  .pipe(oneOf(SEVERITIES, 'severity'));

/** dbt writes a single item as a plain string: `tags: finance`, `unique_key: id`. */
function oneOrMany(item: z.ZodType<string>, what: string) {
  return z.union([item.transform((value) => [value]), z.array(item)], {
    error: `expected ${what} or a list of them`,
  });
}

export const tagList = oneOrMany(nonEmptyString, 'a tag');
const columnList = oneOrMany(nonEmptyString, 'a column name');

const freeFormMeta = z.record(z.string(), z.unknown());
const testList = z.array(z.unknown()).nullish();
const optionalText = z.string().nullish();

/**
 * dbt's `grants:` config, `select` only (what readers of a warehouse need): each grantee is a
 * user name, `role:<name>` or `group:<name>`. A grantee is quoted as an identifier, so it cannot
 * contain a double quote.
 */
const grantee = nonEmptyString.regex(/^[^"]+$/, { error: (issue) => `${describeValue(issue.input)} is not a grantee (a user, role:<name> or group:<name>, without double quotes)` });
export const grantsSchema = strictObject({ select: oneOrMany(grantee, 'a grantee') }, 'privilege (only select is granted)');

export const MODEL_CONFIG_SHAPE = {
  materialized: materialization.optional(),
  tags: tagList.optional(),
  unique_key: columnList.optional(),
  dist: nonEmptyString.optional(),
  sort: columnList.optional(),
  grants: grantsSchema.optional(),
  incremental_strategy: oneOf(INCREMENTAL_STRATEGIES, 'incremental_strategy').optional(),
  on_schema_change: oneOf(ON_SCHEMA_CHANGE_VALUES, 'on_schema_change').optional(),
  post_hook: oneOrMany(nonEmptyString, 'a SQL statement').optional(),
  contract: strictObject({ enforced: z.boolean({ error: 'expected true or false' }) }, 'contract key (only enforced)').optional(),
};
export const modelConfigSchema = strictObject(MODEL_CONFIG_SHAPE, 'config key');
export type ModelConfigInput = z.output<typeof modelConfigSchema>;

/** `{{ config() }}` of a singular test. */
export const SINGULAR_TEST_CONFIG_SHAPE = { severity: severity.optional(), ...TEST_RUN_CONFIG_SHAPE };

const layerDefaultsSchema = strictObject({ schema: identifier, materialized: materialization, tags: tagList.nullish(), grants: grantsSchema.nullish() });

export const projectFileSchema = strictObject({
  name: identifier,
  version: z.union([z.number(), z.string()], { error: 'expected a version number' }).optional(),
  vars: freeFormMeta.nullish(),
  // Each key is a layer, in build order: its models live in sql/<layer>/. The keys are checked here
  // rather than by a key schema, whose issues zod reports only as an invalid key.
  models: z.record(z.string(), layerDefaultsSchema).superRefine((layers, context) => {
    const names = Object.keys(layers);
    if (names.length === 0) context.addIssue({ code: 'custom', message: 'declares no layer: each key of models: is a layer (e.g. staging: { schema: staging, materialized: view })' });
    for (const name of names) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) context.addIssue({ code: 'custom', path: [name], message: `${describeValue(name)} is not a layer name: a lower-case SQL identifier (a-z, 0-9, _), the name of its folder sql/<layer>/` });
      else if ((NON_LAYER_FOLDERS as readonly string[]).includes(name)) context.addIssue({ code: 'custom', path: [name], message: `'${name}' cannot be a layer: sql/${name} holds ${{ tests: 'singular tests', macros: 'macros', seeds: 'seeds' }[name as (typeof NON_LAYER_FOLDERS)[number]]}` });
    }
  }),
});
export type ProjectFileInput = z.output<typeof projectFileSchema>;

const version2 = z.literal(2, { error: 'expected 2 (dbt property files are version 2)' }).optional();

export const columnSchema = strictObject({
  name: nonEmptyString,
  description: optionalText,
  data_type: nonEmptyString.nullish(),
  meta: freeFormMeta.nullish(),
  tests: testList,
  data_tests: testList,
});
export type ColumnInput = z.output<typeof columnSchema>;

export const propertiesFileSchema = strictObject({
  version: version2,
  models: z.array(z.unknown()).nullish(),
  unit_tests: z.array(z.unknown()).nullish(),
});

export const modelPropertiesSchema = strictObject({
  name: nonEmptyString,
  description: optionalText,
  meta: z.looseObject({ grain: nonEmptyString.optional() }).nullish(),
  config: modelConfigSchema.nullish(),
  columns: z.array(columnSchema).nullish(),
  tests: testList,
  data_tests: testList,
});
export type ModelPropertiesInput = z.output<typeof modelPropertiesSchema>;

export const sourcesFileSchema = strictObject({ version: version2, sources: z.array(z.unknown()).nullish() });

/** dbt's `warn_after` / `error_after`. */
const freshnessThreshold = strictObject(
  {
    count: z.int().min(1, { error: 'expected a whole number of at least 1' }),
    period: oneOf(FRESHNESS_PERIODS, 'period'),
  },
  'threshold key',
);

/** dbt's `freshness:` block; `freshness: null` switches off a freshness inherited from the source. */
export const freshnessSchema = strictObject({ warn_after: freshnessThreshold.nullish(), error_after: freshnessThreshold.nullish() }, 'freshness key').nullable();
export type FreshnessInput = z.output<typeof freshnessSchema>;

export const sourceSchema = strictObject({
  name: identifier,
  description: optionalText,
  /** Defaults to the source name, as in dbt. */
  schema: identifier.optional(),
  meta: freeFormMeta.nullish(),
  loaded_at_field: identifier.optional(),
  freshness: freshnessSchema.optional(),
  tables: z.array(
    strictObject({
      name: identifier,
      description: optionalText,
      meta: freeFormMeta.nullish(),
      loaded_at_field: identifier.optional(),
      freshness: freshnessSchema.optional(),
      columns: z.array(columnSchema).nullish(),
      tests: testList,
      data_tests: testList,
    }),
  ),
});
export type SourceInput = z.output<typeof sourceSchema>;

export const exposuresFileSchema = strictObject({ version: version2, exposures: z.array(z.unknown()).nullish() });

export const exposureSchema = strictObject({
  name: z.string().regex(/^[A-Za-z0-9_]+$/, {
    error: (issue) => `${describeValue(issue.input)} is not a valid exposure name (letters, digits, _)`,
  }),
  label: nonEmptyString.optional(),
  type: oneOf(EXPOSURE_TYPES, 'exposure type'),
  maturity: oneOf(MATURITIES, 'maturity').optional(),
  url: nonEmptyString.optional(),
  description: optionalText,
  depends_on: z.array(nonEmptyString).nullish(),
  owner: strictObject({ name: nonEmptyString.optional(), email: nonEmptyString.optional() }),
  meta: freeFormMeta.nullish(),
});
export type ExposureInput = z.output<typeof exposureSchema>;

/**
 * A dbt 1.8 unit test. Rows are left open here (their shape depends on `format`);
 * `unit-test-rows.ts` reads them. `fixture:` files are not supported, so they are unknown keys;
 * the only macro a test overrides is `is_incremental` (dbt's way to test the increment, with the
 * table's rows given as `input: this`).
 */
export const UNIT_TEST_INPUT_FORMATS = ['dict', 'csv', 'sql'] as const;
export const UNIT_TEST_EXPECT_FORMATS = ['dict', 'csv'] as const;

export const unitTestSchema = strictObject({
  name: identifier,
  description: optionalText,
  model: nonEmptyString,
  given: z.array(
    strictObject({
      input: nonEmptyString,
      format: oneOf(UNIT_TEST_INPUT_FORMATS, 'format').optional(),
      // Optional here so that a missing `rows:` gets unit-test-rows.ts's message with its hint.
      rows: z.unknown().optional(),
    }),
  ),
  expect: strictObject({
    format: oneOf(UNIT_TEST_EXPECT_FORMATS, 'format').optional(),
    rows: z.unknown().optional(),
  }),
  overrides: strictObject(
    {
      vars: freeFormMeta.nullish(),
      macros: strictObject({ is_incremental: z.boolean() }, 'macro override (only is_incremental)').nullish(),
    },
    'override',
  ).nullish(),
});
export type UnitTestYaml = z.output<typeof unitTestSchema>;
