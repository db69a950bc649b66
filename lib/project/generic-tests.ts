/**
 * The SQL of each generic test: a query that returns the failing rows, none when the test passes.
 * Portable (DuckDB, Postgres, Redshift: no FILTER, DISTINCT ON or arrays) and parameterised by
 * the relation text, so one test renders against the published relation and its audit relation.
 *
 * Semantics follow dbt (unique, not_null, accepted_values, relationships) and dbt_utils
 * (expression_is_true, accepted_range, unique_combination_of_columns, and the ones in
 * test-dbt-utils-sql.ts); dbt_expectations' are in test-dbt-expectations-sql.ts. NULLs pass every
 * column test except not_null. `not_empty` fails with one row (`row_count` = 0) on an empty relation.
 * `where` narrows the tested relation (for relationships: the child, never the parent).
 */
import type { TargetName } from '../plan/plan.ts';
import { sqlStringFor } from '../sql/literals.ts';
import { ProjectError } from './errors.ts';
import { originPlace } from './origin-place.ts';
import { parseNodeReference, type NodeReference } from './node-reference.ts';
import type { GenericTestName, GenericTestSpec } from './project.ts';
import { lines, stringArgument, stringListArgument } from './test-arguments.ts';
import { matchRegexSql, rowCountBetweenSql, valuesBetweenSql, valuesInSetSql } from './test-dbt-expectations-sql.ts';
import {
  atLeastOneSql,
  equalRowcountSql,
  notConstantSql,
  notNullProportionSql,
  recencySql,
  relationshipsWhereSql,
  sequentialValuesSql,
} from './test-dbt-utils-sql.ts';

export interface GenericTestRelations {
  /** The engine the SQL goes to: accepted values are quoted its way (Redshift doubles backslashes). */
  readonly target: TargetName;
  /** The relation under test, e.g. `analytics.fact_deals` or `analytics.fact_deals__wap`. */
  readonly tested: string;
  /** Tests that read a second node (relatedNodeArgument): the relation it names. */
  readonly parent?: string;
  /** `var('run_date')`, which recency measures from. */
  readonly runDate?: string;
}

interface ArgumentRules {
  readonly column: 'required' | 'optional' | 'forbidden';
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

const RULES: Record<GenericTestName, ArgumentRules> = {
  unique: { column: 'required', required: [], optional: [] },
  not_null: { column: 'required', required: [], optional: [] },
  accepted_values: { column: 'required', required: ['values'], optional: ['quote'] },
  relationships: { column: 'required', required: ['to', 'field'], optional: [] },
  expression_is_true: { column: 'optional', required: ['expression'], optional: [] },
  accepted_range: { column: 'required', required: [], optional: ['min_value', 'max_value', 'inclusive'] },
  not_empty: { column: 'forbidden', required: [], optional: [] },
  unique_combination_of_columns: { column: 'forbidden', required: ['combination_of_columns'], optional: [] },
  not_null_proportion: { column: 'required', required: ['at_least'], optional: ['at_most', 'group_by_columns'] },
  recency: { column: 'forbidden', required: ['datepart', 'field', 'interval'], optional: ['group_by_columns'] },
  at_least_one: { column: 'required', required: [], optional: ['group_by_columns'] },
  not_constant: { column: 'required', required: [], optional: ['group_by_columns'] },
  sequential_values: { column: 'required', required: [], optional: ['interval', 'datepart', 'group_by_columns'] },
  equal_rowcount: { column: 'forbidden', required: ['compare_model'], optional: [] },
  relationships_where: { column: 'required', required: ['to', 'field'], optional: ['from_condition', 'to_condition'] },
  expect_column_values_to_be_between: { column: 'required', required: [], optional: ['min_value', 'max_value', 'strictly', 'row_condition'] },
  expect_column_values_to_match_regex: { column: 'required', required: ['regex'], optional: ['row_condition'] },
  expect_table_row_count_to_be_between: { column: 'forbidden', required: [], optional: ['min_value', 'max_value', 'strictly', 'row_condition'] },
  expect_column_values_to_be_in_set: { column: 'required', required: ['value_set'], optional: ['quote_values', 'row_condition'] },
};

export const BUILTIN_TEST_NAMES: readonly string[] = Object.keys(RULES);

export function isBuiltinTest(name: string): name is GenericTestName {
  return Object.hasOwn(RULES, name);
}

/** The argument naming the second node a test reads, for the tests that read one. */
const RELATED_NODE_ARGUMENT: Partial<Record<GenericTestName, string>> = {
  relationships: 'to',
  relationships_where: 'to',
  equal_rowcount: 'compare_model',
};

export function relatedNodeArgument(testName: string): string | undefined {
  return isBuiltinTest(testName) ? RELATED_NODE_ARGUMENT[testName] : undefined;
}

/** The SQL of a built-in test; a project's own test is rendered from its definition (compile-tests.ts). */
export function genericTestSql(spec: GenericTestSpec, relations: GenericTestRelations): string {
  const { testName } = spec;
  if (!isBuiltinTest(testName)) throw new ProjectError(originPlace(spec.origin), `'${testName}' is not a built-in test`);
  return builtinTestSql({ ...spec, testName }, relations);
}

function builtinTestSql(spec: GenericTestSpec & { readonly testName: GenericTestName }, relations: GenericTestRelations): string {
  checkArguments(spec);
  const column = spec.column ?? '';
  const from = testedRows(spec, relations.tested);
  switch (spec.testName) {
    case 'unique':
      return lines(
        'select',
        `    ${column} as unique_field,`,
        '    count(*) as n_records',
        `from ${from}`,
        `where ${column} is not null`,
        `group by ${column}`,
        'having count(*) > 1',
      );
    case 'not_null':
      return lines('select *', `from ${from}`, `where ${column} is null`);
    case 'accepted_values':
      return lines(
        'with all_values as (',
        '    select',
        `        ${column} as value_field,`,
        '        count(*) as n_records',
        `    from ${from}`,
        `    group by ${column}`,
        ')',
        'select *',
        'from all_values',
        `where value_field not in (${acceptedValues(spec, relations.target).join(', ')})`,
      );
    case 'relationships': {
      if (relations.parent === undefined) throw new Error(`${originPlace(spec.origin)}: relationships test rendered without its parent relation`);
      return lines(
        'with child as (',
        `    select ${column} as from_field`,
        `    from ${from}`,
        `    where ${column} is not null`,
        '),',
        'parent as (',
        `    select ${stringArgument(spec, 'field')} as to_field`,
        `    from ${relations.parent}`,
        ')',
        'select child.from_field',
        'from child',
        'left join parent on child.from_field = parent.to_field',
        'where parent.to_field is null',
      );
    }
    case 'expression_is_true': {
      const expression = stringArgument(spec, 'expression');
      return lines('select *', `from ${from}`, `where not (${spec.column === undefined ? expression : `${column} ${expression}`})`);
    }
    case 'accepted_range':
      return lines('select *', `from ${from}`, `where ${rangeViolations(spec).join('\n   or ')}`);
    case 'not_empty':
      return lines('select row_count', 'from (', '    select count(*) as row_count', `    from ${from}`, ') counted', 'where row_count = 0');
    case 'unique_combination_of_columns': {
      const columns = stringListArgument(spec, 'combination_of_columns').join(', ');
      return lines('select', `    ${columns},`, '    count(*) as n_records', `from ${from}`, `group by ${columns}`, 'having count(*) > 1');
    }
    case 'not_null_proportion':
      return notNullProportionSql(spec, from);
    case 'recency':
      return recencySql(spec, from, relations);
    case 'at_least_one':
      return atLeastOneSql(spec, from);
    case 'not_constant':
      return notConstantSql(spec, from);
    case 'sequential_values':
      return sequentialValuesSql(spec, from, relations);
    case 'equal_rowcount':
      return equalRowcountSql(from, relations, spec);
    case 'relationships_where':
      return relationshipsWhereSql(spec, from, relations);
    case 'expect_column_values_to_be_between':
      return valuesBetweenSql(spec, from);
    case 'expect_column_values_to_match_regex':
      return matchRegexSql(spec, from, relations);
    case 'expect_table_row_count_to_be_between':
      return rowCountBetweenSql(spec, from);
    case 'expect_column_values_to_be_in_set':
      return valuesInSetSql(spec, from, relations);
  }
}

/** The rows a test reads: the tested relation, narrowed by its `where`. */
export function testedRows(spec: GenericTestSpec, tested: string): string {
  return spec.where === undefined ? tested : `(select * from ${tested} where ${spec.where}) dbt_subquery`;
}

/** The second node a test reads (relationships' `to:`, equal_rowcount's `compare_model:`); undefined for the others. */
export function relatedNode(spec: GenericTestSpec): NodeReference | undefined {
  const argument = relatedNodeArgument(spec.testName);
  if (argument === undefined) return undefined;
  const written = stringArgument(spec, argument);
  const reference = parseNodeReference(written);
  if (reference === undefined) {
    throw new ProjectError(originPlace(spec.origin), `${spec.testName} '${argument}' must be ref('model') or source('source', 'table'), got '${written}'`);
  }
  return reference;
}

function checkArguments(spec: GenericTestSpec & { readonly testName: GenericTestName }): void {
  const rules = RULES[spec.testName];
  const where = originPlace(spec.origin);
  if (rules.column === 'required' && spec.column === undefined) throw new ProjectError(where, `${spec.testName} must be declared under a column`);
  if (rules.column === 'forbidden' && spec.column !== undefined) {
    throw new ProjectError(where, `${spec.testName} tests the whole model: declare it under the model's tests, not under column '${spec.column}'`);
  }
  const known = [...rules.required, ...rules.optional];
  for (const name of Object.keys(spec.args).sort()) {
    if (!known.includes(name)) {
      const accepted = known.length === 0 ? 'it takes no arguments' : `it takes ${known.join(', ')}`;
      throw new ProjectError(where, `${spec.testName} has an unknown argument '${name}': ${accepted}`);
    }
  }
  for (const name of rules.required) {
    if (spec.args[name] === undefined) throw new ProjectError(where, `${spec.testName} needs the argument '${name}'`);
  }
}

export function acceptedValues(spec: GenericTestSpec, target: TargetName): string[] {
  const { values, quote = true } = spec.args;
  const scalar = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);
  if (!Array.isArray(values) || values.length === 0 || !values.every(scalar)) {
    throw new ProjectError(originPlace(spec.origin), "accepted_values 'values' must be a non-empty list of strings, numbers or booleans");
  }
  if (typeof quote !== 'boolean') throw new ProjectError(originPlace(spec.origin), "accepted_values 'quote' must be true or false");
  // dbt quotes every value unless told not to, so `values: [1, 2]` compares as text by default.
  const quoted = sqlStringFor(target);
  return values.map((value) => (quote ? quoted(String(value)) : String(value)));
}

export function rangeViolations(spec: GenericTestSpec): string[] {
  const { min_value: min, max_value: max, inclusive = true } = spec.args;
  const origin = originPlace(spec.origin);
  if (min === undefined && max === undefined) throw new ProjectError(origin, "accepted_range needs 'min_value', 'max_value' or both");
  if (typeof inclusive !== 'boolean') throw new ProjectError(origin, "accepted_range 'inclusive' must be true or false");
  const bound = (name: string, value: unknown): string => {
    // Strings are SQL expressions (dbt_utils inserts them as written), e.g. "cast('2020-01-01' as date)".
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string' && value.trim() !== '') return value;
    throw new ProjectError(origin, `accepted_range '${name}' must be a number or a SQL expression`);
  };
  const column = spec.column ?? '';
  const violations: string[] = [];
  if (min !== undefined) violations.push(`not (${column} ${inclusive ? '>=' : '>'} ${bound('min_value', min)})`);
  if (max !== undefined) violations.push(`not (${column} ${inclusive ? '<=' : '<'} ${bound('max_value', max)})`);
  return violations;
}
