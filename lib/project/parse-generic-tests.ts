/**
 * Reads a `tests:` / `data_tests:` list as dbt writes it:
 *   - unique
 *   - accepted_values: { values: [a, b], config: { severity: warn, where: "..." } }
 *   - accepted_values: { arguments: { values: [a, b] }, config: { ... } }      (dbt 1.10 style)
 *   - accepted_values: { values: [a, b], severity: warn }                        (legacy style)
 * and checks each test's arguments (unknown ones are errors), where it may be declared (on a
 * column or on the model), its severity and its `where`.
 */
import { z } from 'zod';
import { didYouMean } from './did-you-mean.ts';
import { TEST_RUN_CONFIG_SHAPE, testRunConfigOf } from './test-config.ts';
import { DATEPARTS } from './macros.ts';
import { ProjectError } from './errors.ts';
import { parseNodeReference } from './node-reference.ts';
import { describeValue, nonEmptyString, severity, strictObject } from './project-schemas.ts';
import type { GenericTestName, GenericTestSpec } from './project.ts';
import { validateYaml } from './schema-issues.ts';
import { isMapping } from './yaml-mapping.ts';
import { formatYamlPath, yamlPlace, type YamlPath } from './yaml-path.ts';

type Level = 'column' | 'model' | 'either';

const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' });
const bound = z.union([z.number(), nonEmptyString], { error: 'expected a number or a SQL expression' });

const proportion = z.number().min(0, { error: 'must be a proportion from 0 to 1' }).max(1, { error: 'must be a proportion from 0 to 1' });
const groupBy = z.array(nonEmptyString).optional();
const datepart = z.enum(DATEPARTS, { error: `expected one of ${DATEPARTS.join(', ')}` });
const betweenArguments = strictObject(
  { min_value: bound.optional(), max_value: bound.optional(), strictly: z.boolean().optional(), row_condition: nonEmptyString.optional() },
  'argument',
).refine((args) => args.min_value !== undefined || args.max_value !== undefined, { error: 'needs min_value, max_value or both' });

const reference = nonEmptyString.refine((value) => parseNodeReference(value) !== undefined, {
  error: (issue) => `must be ref('model') or source('source', 'table'), got ${describeValue(issue.input)}`,
});

const TESTS: Readonly<Record<GenericTestName, { readonly level: Level; readonly args: z.ZodType }>> = {
  unique: { level: 'column', args: strictObject({}, 'argument') },
  not_null: { level: 'column', args: strictObject({}, 'argument') },
  accepted_values: {
    level: 'column',
    args: strictObject(
      {
        values: z.array(scalar).min(1, { error: 'must list at least one value' }),
        quote: z.boolean().optional(),
      },
      'argument',
    ),
  },
  relationships: { level: 'column', args: strictObject({ to: reference, field: nonEmptyString }, 'argument') },
  expression_is_true: { level: 'either', args: strictObject({ expression: nonEmptyString }, 'argument') },
  accepted_range: {
    level: 'column',
    args: strictObject(
      { min_value: bound.optional(), max_value: bound.optional(), inclusive: z.boolean().optional() },
      'argument',
    ).refine((args) => args.min_value !== undefined || args.max_value !== undefined, {
      error: 'needs min_value, max_value or both',
    }),
  },
  not_empty: { level: 'model', args: strictObject({}, 'argument') },
  unique_combination_of_columns: {
    level: 'model',
    args: strictObject(
      { combination_of_columns: z.array(nonEmptyString).min(1, { error: 'must list at least one column' }) },
      'argument',
    ),
  },
  not_null_proportion: {
    level: 'column',
    args: strictObject({ at_least: proportion, at_most: proportion.optional(), group_by_columns: groupBy }, 'argument'),
  },
  recency: {
    level: 'model',
    args: strictObject(
      { datepart, field: nonEmptyString, interval: z.number().int({ error: 'expected a whole number' }).min(0), group_by_columns: groupBy },
      'argument',
    ),
  },
  at_least_one: { level: 'column', args: strictObject({ group_by_columns: groupBy }, 'argument') },
  not_constant: { level: 'column', args: strictObject({ group_by_columns: groupBy }, 'argument') },
  sequential_values: {
    level: 'column',
    args: strictObject({ interval: z.number().optional(), datepart: datepart.optional(), group_by_columns: groupBy }, 'argument'),
  },
  equal_rowcount: { level: 'model', args: strictObject({ compare_model: reference }, 'argument') },
  relationships_where: {
    level: 'column',
    args: strictObject(
      { to: reference, field: nonEmptyString, from_condition: nonEmptyString.optional(), to_condition: nonEmptyString.optional() },
      'argument',
    ),
  },
  expect_column_values_to_be_between: { level: 'column', args: betweenArguments },
  expect_column_values_to_match_regex: {
    level: 'column',
    args: strictObject({ regex: nonEmptyString, row_condition: nonEmptyString.optional() }, 'argument'),
  },
  expect_table_row_count_to_be_between: { level: 'model', args: betweenArguments },
  expect_column_values_to_be_in_set: {
    level: 'column',
    args: strictObject(
      {
        value_set: z.array(scalar).min(1, { error: 'must list at least one value' }),
        quote_values: z.boolean().optional(),
        row_condition: nonEmptyString.optional(),
      },
      'argument',
    ),
  },
};

const TEST_NAMES = Object.keys(TESTS) as GenericTestName[];

/** The package tests, written with their package prefix (`dbt_utils.recency`) as in a dbt project, or bare. */
const PACKAGE_TESTS: Readonly<Record<string, readonly GenericTestName[]>> = {
  dbt_utils: [
    'expression_is_true',
    'accepted_range',
    'unique_combination_of_columns',
    'not_null_proportion',
    'recency',
    'at_least_one',
    'not_constant',
    'sequential_values',
    'equal_rowcount',
    'relationships_where',
  ],
  dbt_expectations: [
    'expect_column_values_to_be_between',
    'expect_column_values_to_match_regex',
    'expect_table_row_count_to_be_between',
    'expect_column_values_to_be_in_set',
  ],
};
const PACKAGE_PREFIXED: ReadonlyMap<string, GenericTestName> = new Map(
  Object.entries(PACKAGE_TESTS).flatMap(([packageName, names]) => names.map((name) => [`${packageName}.${name}`, name] as const)),
);

const CONFIG_SHAPE = { severity: severity.optional(), where: nonEmptyString.optional(), ...TEST_RUN_CONFIG_SHAPE };
const CONFIG_KEYS = Object.keys(CONFIG_SHAPE) as (keyof typeof CONFIG_SHAPE)[];
const testConfigSchema = strictObject(CONFIG_SHAPE, 'test config key').nullish();
/** dbt's legacy spelling: the configs directly under the test, beside its arguments. */
const legacyConfigSchema = strictObject(CONFIG_SHAPE);

export interface TestListLocation {
  readonly file: string;
  /** Path of the list itself, e.g. `['models', 2, 'columns', 0, 'tests']`. */
  readonly path: YamlPath;
  /** The column the list belongs to; absent for model-level (or source-table-level) tests. */
  readonly column?: string;
}

export function parseGenericTests(list: unknown, location: TestListLocation, errors: ProjectError[]): GenericTestSpec[] {
  if (!Array.isArray(list)) return [];
  const tests: GenericTestSpec[] = [];
  list.forEach((entry: unknown, index) => {
    const test = parseEntry(entry, [...location.path, index], location, errors);
    if (test !== undefined) tests.push(test);
  });
  return tests;
}

/**
 * The tests of a model, column or source-table entry, read from the raw YAML so that test problems
 * are reported even when another key of the entry is wrong. `tests:` and `data_tests:` are synonyms.
 */
export function parseTestsOf(
  entry: unknown,
  location: { readonly file: string; readonly path: YamlPath; readonly column?: string },
  errors: ProjectError[],
): GenericTestSpec[] {
  if (!isMapping(entry)) return [];
  if (entry.tests != null && entry.data_tests != null) {
    errors.push(new ProjectError(yamlPlace(location.file, location.path), `use either 'tests' or 'data_tests', not both`));
    return [];
  }
  const key = entry.data_tests != null ? 'data_tests' : 'tests';
  return parseGenericTests(entry[key], { ...location, path: [...location.path, key] }, errors);
}

function parseEntry(
  entry: unknown,
  path: YamlPath,
  location: TestListLocation,
  errors: ProjectError[],
): GenericTestSpec | undefined {
  const { file } = location;
  const place = yamlPlace(file, path);
  let written: string;
  let body: Record<string, unknown>;
  if (typeof entry === 'string') {
    written = entry;
    body = {};
  } else if (isMapping(entry) && Object.keys(entry).length === 1) {
    written = Object.keys(entry)[0] as string;
    const value = entry[written];
    if (value !== null && !isMapping(value)) {
      errors.push(new ProjectError(yamlPlace(file, [...path, written]), `expected a mapping of arguments, got ${describeValue(value)}`));
      return undefined;
    }
    body = value ?? {};
  } else {
    const got = isMapping(entry) ? `keys ${Object.keys(entry).map((key) => `'${key}'`).join(', ')}` : describeValue(entry);
    errors.push(new ProjectError(place, `expected a test name, or one test name mapped to its arguments; got ${got}`));
    return undefined;
  }

  const builtin: GenericTestName | undefined = PACKAGE_PREFIXED.get(written) ?? TEST_NAMES.find((name) => name === written);
  // Any other plain name may be one of the project's own tests, known once sql/tests/generic is read (test-usage.ts).
  if (builtin === undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(written)) {
    errors.push(new ProjectError(place, `unknown test '${written}'${didYouMean(written, [...TEST_NAMES, ...PACKAGE_PREFIXED.keys()])}`));
    return undefined;
  }
  const testName = builtin ?? written;
  const rules = builtin === undefined ? undefined : TESTS[builtin];
  const bodyPath = [...path, written];
  const problemsBefore = errors.length;

  if (rules?.level === 'column' && location.column === undefined) {
    errors.push(new ProjectError(place, `${testName} tests a column: declare it under the column's tests`));
  }
  if (rules?.level === 'model' && location.column !== undefined) {
    errors.push(
      new ProjectError(place, `${testName} tests the whole model: declare it under the model's tests, not under column '${location.column}'`),
    );
  }

  const { config: rawConfig, arguments: rawArguments, ...rest } = body;
  const legacyArgs = Object.fromEntries(Object.entries(rest).filter(([key]) => !(CONFIG_KEYS as string[]).includes(key)));
  const config = validateYaml(testConfigSchema, rawConfig, file, [...bodyPath, 'config'], errors) ?? {};
  const legacy = validateYaml(
    legacyConfigSchema,
    Object.fromEntries(Object.entries(rest).filter(([key]) => (CONFIG_KEYS as string[]).includes(key))),
    file,
    bodyPath,
    errors,
  );
  for (const key of CONFIG_KEYS) {
    if (config[key] !== undefined && legacy?.[key] !== undefined) {
      errors.push(new ProjectError(yamlPlace(file, [...bodyPath, key]), `'${key}' is also given under config; keep one`));
    }
  }

  if (rawArguments !== undefined && !isMapping(rawArguments)) {
    errors.push(new ProjectError(yamlPlace(file, [...bodyPath, 'arguments']), `expected a mapping, got ${describeValue(rawArguments)}`));
    return undefined;
  }
  const nested = rawArguments ?? {};
  for (const key of Object.keys(legacyArgs)) {
    if (Object.hasOwn(nested, key)) {
      errors.push(new ProjectError(yamlPlace(file, [...bodyPath, key]), `argument '${key}' is also given under arguments; keep one`));
    }
  }
  const args = { ...legacyArgs, ...nested };
  const argumentProblems: ProjectError[] = [];
  if (rules !== undefined) validateYaml(rules.args, args, file, [], argumentProblems);
  for (const problem of argumentProblems) {
    errors.push(relocateArgumentProblem(problem, file, bodyPath, nested));
  }
  if (errors.length > problemsBefore) return undefined;

  const { severity: chosenSeverity, where, ...runConfig } = { ...legacy, ...dropUndefined(config) };
  const testConfig = testRunConfigOf(runConfig);

  return {
    testName,
    ...(location.column === undefined ? {} : { column: location.column }),
    severity: chosenSeverity ?? 'error',
    ...(where === undefined ? {} : { where }),
    ...(Object.keys(testConfig).length === 0 ? {} : { config: testConfig }),
    args,
    origin: { path: file, yamlPath: formatYamlPath(path) },
  };
}

/**
 * Argument problems were validated on the merged arguments; put each back where the user wrote it,
 * under `arguments:` or directly under the test.
 */
function relocateArgumentProblem(
  problem: ProjectError,
  file: string,
  bodyPath: YamlPath,
  nested: Record<string, unknown>,
): ProjectError {
  const relative = problem.place === file ? '' : problem.place.slice(`${file}: `.length);
  const key = /^[^.[]+/.exec(relative)?.[0];
  const base = key !== undefined && Object.hasOwn(nested, key) ? [...bodyPath, 'arguments'] : bodyPath;
  const place = yamlPlace(file, base);
  return new ProjectError(relative === '' ? place : `${place}.${relative}`, problem.detail);
}

function dropUndefined<Values extends object>(values: Values): Partial<Values> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<Values>;
}
