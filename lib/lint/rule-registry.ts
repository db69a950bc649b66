/**
 * Every dialect rule, in report order. The list follows what the Amazon Redshift Database
 * Developer Guide says Redshift lacks or treats differently, read 2026-11:
 * - Unsupported PostgreSQL features: https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html
 *   (array constructors, subscripts, row constructors, table functions, VALUES lists as tables)
 * - Unsupported PostgreSQL functions: https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-functions.html
 *   (STRING_AGG, ARRAY_AGG, EVERY, statistical aggregates, array functions, IS DISTINCT FROM, GENERATE_SERIES, …)
 * - Unsupported PostgreSQL data types: https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-datatypes.html
 * - Reserved words: https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html (RAW is one)
 * - Window function syntax summary: https://docs.aws.amazon.com/redshift/latest/dg/c_Window_functions.html
 *   (ROWS frames only; an explicit frame for aggregates with ORDER BY)
 * - Character types: https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html (TEXT is VARCHAR(256))
 * - SQL functions supported on the leader node: https://docs.aws.amazon.com/redshift/latest/dg/c_sql-functions-leader-node.html
 *   (NOW, CURRENT_TIME, CURRENT_TIMESTAMP, LOCALTIME: deprecated leader-only; the clock rule bans them anyway)
 * Checked and deliberately allowed, because Redshift supports them: ILIKE (r_patternmatching_condition_like),
 * BOOL_AND/BOOL_OR (r_BOOL_AND, r_BOOL_OR), WITH RECURSIVE (r_WITH_clause, since April 2021).
 * QUALIFY is in Redshift since July 2023 (r_QUALIFY_clause) but not in PostgreSQL, so it is a portable/ rule.
 * - AVG: https://docs.aws.amazon.com/redshift/latest/dg/r_AVG.html (BIGINT for integers, the argument's scale for decimals)
 * - QUOTE_LITERAL: https://docs.aws.amazon.com/redshift/latest/dg/r_QUOTE_LITERAL.html (a backslash in a
 *   literal is an escape character on Redshift, itself on DuckDB and Postgres)
 * - Numeric computations: https://docs.aws.amazon.com/redshift/latest/dg/r_numeric_computations201.html
 *   (an integer divided by an integer is an integer; DuckDB's `/` gives a double)
 * Not checked: integer division of integer columns (needs column types the SQL does not state;
 * divisions whose operands the SQL types as integers are checked),
 * and the reference's "NULLS clause in window functions", which its own window syntax contradicts.
 */
import type { LintRule } from './lint-rule.ts';
import { avgOfDoublesOnly, noFilterClause, noStringAgg, unsupportedAggregate } from './rules/aggregate-rules.ts';
import { noArrays } from './rules/array-rules.ts';
import { noDoubleColonCast, noRegCast, stringLength, unsupportedType } from './rules/cast-rules.ts';
import { noClock } from './rules/clock-rules.ts';
import { noLateral, noTableFunction, noValuesList } from './rules/from-rules.ts';
import { noGenerateSeries, unsupportedFunction } from './rules/function-rules.ts';
import { noPostgresJson } from './rules/json-rules.ts';
import { noBackslashInString, noIntegerDivision, noIsDistinctFrom, noRowConstructor } from './rules/operator-rules.ts';
import { reservedWord } from './rules/reserved-word-rules.ts';
import { noDistinctOn, noQualify, noSelectInto, singleSelect } from './rules/select-rules.ts';
import { rowsFrameOnly, windowFrameRequired } from './rules/window-rules.ts';
import { noOnConflict, noReturning } from './rules/write-statement-rules.ts';

export const LINT_RULES: readonly LintRule[] = [
  singleSelect,
  noSelectInto,
  noDistinctOn,
  noQualify,
  noFilterClause,
  noStringAgg,
  unsupportedAggregate,
  avgOfDoublesOnly,
  noArrays,
  noGenerateSeries,
  unsupportedFunction,
  noLateral,
  noValuesList,
  noTableFunction,
  noOnConflict,
  noReturning,
  noIsDistinctFrom,
  noRowConstructor,
  noIntegerDivision,
  noBackslashInString,
  noPostgresJson,
  windowFrameRequired,
  rowsFrameOnly,
  noDoubleColonCast,
  noRegCast,
  unsupportedType,
  stringLength,
  noClock,
  reservedWord,
];

/** Not a rule object: lint-sql.ts reports it when no grammar parses the SQL. */
export const UNPARSEABLE_RULE = {
  id: 'redshift/unparseable',
  description: "SQL that neither of node-sql-parser's Redshift and PostgreSQL grammars parses, so the tree rules cannot check it",
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_SELECT_synopsis.html',
} as const;

export interface RuleSummary {
  readonly id: string;
  readonly description: string;
  readonly reference: string;
}

export function ruleDescriptions(): readonly RuleSummary[] {
  return [...LINT_RULES.map(({ id, description, reference }) => ({ id, description, reference })), UNPARSEABLE_RULE];
}
