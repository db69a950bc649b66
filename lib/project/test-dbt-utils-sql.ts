/**
 * The SQL of dbt_utils' generic tests beyond the ones dbt itself ships, as dbt_utils writes them
 * (https://github.com/dbt-labs/dbt-utils#generic-tests), each a query returning the failing rows.
 * `from` is the tested relation, already narrowed by the test's `where`.
 *
 * Portable: dates move through the cross-database `dateadd` (macros.ts), ratios are taken over
 * doubles so no engine divides integers, and no FILTER, DISTINCT ON or arrays.
 */
import { ProjectError } from './errors.ts';
import { isDatepart, renderMacro, type Datepart, DATEPARTS } from './macros.ts';
import { originPlace } from './origin-place.ts';
import type { GenericTestSpec } from './project.ts';
import { groupByColumns, lines, numberArgument, optionalStringArgument, stringArgument } from './test-arguments.ts';
import type { GenericTestRelations } from './generic-tests.ts';

/** `select a, b,` and `group by a, b` for dbt_utils' group_by_columns; empty strings without them. */
function grouping(spec: GenericTestSpec): { readonly select: string; readonly groupBy: string; readonly partitionBy: string } {
  const columns = groupByColumns(spec).join(', ');
  return columns === ''
    ? { select: '', groupBy: '', partitionBy: '' }
    : { select: `${columns}, `, groupBy: `group by ${columns}`, partitionBy: `partition by ${columns} ` };
}

function datepartArgument(spec: GenericTestSpec): Datepart {
  const value = spec.args.datepart;
  if (typeof value !== 'string' || !isDatepart(value)) {
    throw new ProjectError(originPlace(spec.origin), `${spec.testName} 'datepart' must be one of ${DATEPARTS.join(', ')}`);
  }
  return value;
}

export function notNullProportionSql(spec: GenericTestSpec, from: string): string {
  const column = spec.column ?? '';
  const { select, groupBy } = grouping(spec);
  const atLeast = numberArgument(spec, 'at_least');
  const atMost = numberArgument(spec, 'at_most', 1);
  return lines(
    'with validation as (',
    '    select',
    `        ${select}cast(sum(case when ${column} is null then 0 else 1 end) as double precision) / nullif(count(*), 0) as not_null_proportion`,
    `    from ${from}`,
    groupBy === '' ? '' : `    ${groupBy}`,
    ')',
    'select *',
    'from validation',
    `where not_null_proportion < ${atLeast} or not_null_proportion > ${atMost}`,
  );
}

/**
 * Fails when the newest `field` is older than `interval` dateparts before the end of the run date.
 * dbt_utils measures from the clock; models and tests here never read it, so a rerun of a past day
 * judges that day's data as it was judged then. An empty relation passes, as in dbt_utils.
 */
export function recencySql(spec: GenericTestSpec, from: string, relations: GenericTestRelations): string {
  const field = stringArgument(spec, 'field');
  const datepart = datepartArgument(spec);
  const interval = numberArgument(spec, 'interval');
  if (!Number.isInteger(interval) || interval < 0) throw new ProjectError(originPlace(spec.origin), "recency 'interval' must be a whole number, 0 or more");
  if (relations.runDate === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(relations.runDate)) {
    throw new ProjectError(originPlace(spec.origin), `recency measures from var('run_date'), which must be a date (YYYY-MM-DD), got ${relations.runDate === undefined ? 'none' : `'${relations.runDate}'`}`);
  }
  const endOfRunDate = renderMacro({ name: 'dateadd', datepart: 'day', interval: '1', fromDate: `cast('${relations.runDate}' as date)` }, relations.target);
  const threshold = renderMacro({ name: 'dateadd', datepart, interval: String(-interval), fromDate: endOfRunDate }, relations.target);
  const { select, groupBy } = grouping(spec);
  return lines(
    'with recency as (',
    `    select ${select}max(${field}) as most_recent`,
    `    from ${from}`,
    groupBy === '' ? '' : `    ${groupBy}`,
    ')',
    `select ${select}most_recent, ${threshold} as threshold`,
    'from recency',
    `where most_recent < ${threshold}`,
  );
}

/** Fails when the column holds no value at all (per group). */
export function atLeastOneSql(spec: GenericTestSpec, from: string): string {
  const column = spec.column ?? '';
  const { select, groupBy } = grouping(spec);
  return lines(`select ${select}count(${column}) as filler_column`, `from ${from}`, groupBy, `having count(${column}) = 0`);
}

/** Fails when the column holds a single distinct value (per group); NULLs are not a value. */
export function notConstantSql(spec: GenericTestSpec, from: string): string {
  const column = spec.column ?? '';
  const { select, groupBy } = grouping(spec);
  return lines(`select ${select}count(distinct ${column}) as filler_column`, `from ${from}`, groupBy, `having count(distinct ${column}) = 1`);
}

/** Each value, in order, must be the previous one plus `interval` (numbers, or `datepart`s for dates). */
export function sequentialValuesSql(spec: GenericTestSpec, from: string, relations: GenericTestRelations): string {
  const column = spec.column ?? '';
  const interval = numberArgument(spec, 'interval', 1);
  const previous = `previous_${column.replace(/[^0-9a-zA-Z_]+/g, '_')}`;
  const { select, partitionBy } = grouping(spec);
  const step =
    spec.args.datepart === undefined
      ? `${column} = ${previous} + ${interval}`
      : `cast(${column} as timestamp) = cast(${renderMacro({ name: 'dateadd', datepart: datepartArgument(spec), interval: String(interval), fromDate: previous }, relations.target)} as timestamp)`;
  return lines(
    'with windowed as (',
    `    select ${select}${column}, lag(${column}) over (${partitionBy}order by ${column}) as ${previous}`,
    `    from ${from}`,
    ')',
    'select *',
    'from windowed',
    `where not (${step})`,
  );
}

/** One row with both counts when the tested relation and `compare_model` differ in row count. */
export function equalRowcountSql(from: string, relations: GenericTestRelations, spec: GenericTestSpec): string {
  if (relations.parent === undefined) throw new Error(`${originPlace(spec.origin)}: equal_rowcount rendered without its compare_model relation`);
  return lines(
    'with counted as (',
    '    select',
    `        (select count(*) from ${from}) as count_a,`,
    `        (select count(*) from ${relations.parent} compared) as count_b`,
    ')',
    'select count_a, count_b, abs(count_a - count_b) as diff_count',
    'from counted',
    'where count_a <> count_b',
  );
}

/** relationships with a condition on each side (`from_condition` on the child, `to_condition` on the parent). */
export function relationshipsWhereSql(spec: GenericTestSpec, from: string, relations: GenericTestRelations): string {
  if (relations.parent === undefined) throw new Error(`${originPlace(spec.origin)}: relationships_where rendered without its parent relation`);
  const column = spec.column ?? '';
  const field = stringArgument(spec, 'field');
  const fromCondition = optionalStringArgument(spec, 'from_condition') ?? '1=1';
  const toCondition = optionalStringArgument(spec, 'to_condition') ?? '1=1';
  return lines(
    'with left_table as (',
    `    select ${column} as id`,
    `    from ${from}`,
    `    where ${column} is not null and (${fromCondition})`,
    '),',
    'right_table as (',
    `    select ${field} as id`,
    `    from ${relations.parent}`,
    `    where ${field} is not null and (${toCondition})`,
    ')',
    'select left_table.id',
    'from left_table',
    'left join right_table on left_table.id = right_table.id',
    'where right_table.id is null',
  );
}
