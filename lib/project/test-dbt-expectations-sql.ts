/**
 * The SQL of the dbt_expectations tests a CRM project reaches for
 * (https://github.com/metaplane/dbt-expectations), each a query returning the failing rows. Every
 * one takes dbt_expectations' `row_condition`, which narrows the tested rows like `where`. NULLs
 * pass the value tests, as they do in dbt_expectations.
 */
import { ProjectError } from './errors.ts';
import { originPlace } from './origin-place.ts';
import type { GenericTestSpec } from './project.ts';
import { sqlStringFor } from '../sql/literals.ts';
import { booleanArgument, boundArgument, lines, optionalStringArgument, stringArgument } from './test-arguments.ts';
import type { GenericTestRelations } from './generic-tests.ts';

function withRowCondition(spec: GenericTestSpec, from: string): string {
  const condition = optionalStringArgument(spec, 'row_condition');
  return condition === undefined ? from : `(select * from ${from} where ${condition}) dbt_expectations_rows`;
}

/** `value >= min and value <= max` (strict: `>`/`<`) over the bounds given; at least one is required. */
function betweenCondition(spec: GenericTestSpec, value: string): string {
  const min = boundArgument(spec, 'min_value');
  const max = boundArgument(spec, 'max_value');
  if (min === undefined && max === undefined) throw new ProjectError(originPlace(spec.origin), `${spec.testName} needs 'min_value', 'max_value' or both`);
  const strictly = booleanArgument(spec, 'strictly', false);
  const conditions: string[] = [];
  if (min !== undefined) conditions.push(`${value} ${strictly ? '>' : '>='} ${min}`);
  if (max !== undefined) conditions.push(`${value} ${strictly ? '<' : '<='} ${max}`);
  return conditions.join(' and ');
}

export function valuesBetweenSql(spec: GenericTestSpec, from: string): string {
  const column = spec.column ?? '';
  return lines('select *', `from ${withRowCondition(spec, from)}`, `where not (${betweenCondition(spec, column)})`);
}

export function rowCountBetweenSql(spec: GenericTestSpec, from: string): string {
  return lines(
    'select row_count',
    'from (',
    '    select count(*) as row_count',
    `    from ${withRowCondition(spec, from)}`,
    ') counted',
    `where not (${betweenCondition(spec, 'row_count')})`,
  );
}

/**
 * A regular expression matching any part of the value. Redshift and Postgres: the POSIX `~`
 * operator (https://docs.aws.amazon.com/redshift/latest/dg/pattern-matching-conditions-posix.html);
 * DuckDB's `~` matches the whole value, so there it is `regexp_matches`, which matches any part.
 * The pattern is quoted the target's way: Redshift reads a backslash in a literal as an escape,
 * so `\d` reaches its regex engine as written.
 */
export function matchRegexSql(spec: GenericTestSpec, from: string, relations: GenericTestRelations): string {
  const column = spec.column ?? '';
  const pattern = sqlStringFor(relations.target)(stringArgument(spec, 'regex'));
  const matches = relations.target === 'duckdb' ? `regexp_matches(${column}, ${pattern})` : `${column} ~ ${pattern}`;
  return lines('select *', `from ${withRowCondition(spec, from)}`, `where not (${matches})`);
}

export function valuesInSetSql(spec: GenericTestSpec, from: string, relations: GenericTestRelations): string {
  const column = spec.column ?? '';
  const values = spec.args.value_set;
  const scalar = (value: unknown): value is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof value);
  if (!Array.isArray(values) || values.length === 0 || !values.every(scalar)) {
    throw new ProjectError(originPlace(spec.origin), `${spec.testName} 'value_set' must be a non-empty list of strings, numbers or booleans`);
  }
  const quote = booleanArgument(spec, 'quote_values', true);
  const quoted = sqlStringFor(relations.target);
  const set = values.map((value) => (quote ? quoted(String(value)) : String(value))).join(', ');
  return lines(
    'with all_values as (',
    `    select ${column} as value_field, count(*) as n_records`,
    `    from ${withRowCondition(spec, from)}`,
    `    group by ${column}`,
    ')',
    'select *',
    'from all_values',
    `where value_field not in (${set})`,
  );
}
