/**
 * Aggregates: the FILTER clause and the PostgreSQL aggregates that Redshift lacks ("Unsupported
 * PostgreSQL functions", aggregate functions). BOOL_AND and BOOL_OR are not here: Redshift has both.
 */
import { callName } from '../ast-nodes.ts';
import { isAstNode, walkAst } from '../ast-walker.ts';
import { callConstruct, findBannedCalls, type BannedCall } from '../banned-calls.ts';
import type { Detection, LintRule } from '../lint-rule.ts';

const FILTER_CLAUSE = 'FILTER (WHERE …)';

export const noFilterClause: LintRule = {
  id: 'redshift/no-filter-clause',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_Aggregate_Functions.html',
  description: 'aggregate FILTER (WHERE …) clauses, which Redshift rejects although its grammar in node-sql-parser parses them',
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const place = locator.cursor(['FILTER', '(']);
    const detections: Detection[] = [];
    for (const { node } of walkAst(statements)) {
      if (callName(node) === undefined || !isAstNode(node.filter)) continue;
      detections.push({
        construct: FILTER_CLAUSE,
        message: `${FILTER_CLAUSE} is not supported by Redshift; use CASE inside the aggregate`,
        at: place.next(),
      });
    }
    return detections;
  },
};

export const noStringAgg: LintRule = {
  id: 'redshift/no-string-agg',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-functions.html',
  description: 'STRING_AGG, which Redshift replaces with LISTAGG … WITHIN GROUP (unknown to PostgreSQL)',
  check(input) {
    const construct = callConstruct('string_agg');
    const message =
      `${construct} is not supported by Redshift, and its LISTAGG(…) WITHIN GROUP is not supported by PostgreSQL; ` +
      'no string aggregate is portable, so keep delimited lists out of the model';
    return findBannedCalls(input, (name) => (name === 'string_agg' ? { construct, message } : undefined));
  },
};

const STATISTICAL = ['corr', 'covar_pop', 'covar_samp', 'regr_avgx', 'regr_avgy', 'regr_count', 'regr_intercept', 'regr_r2', 'regr_slope', 'regr_sxx', 'regr_sxy', 'regr_syy'];

const UNSUPPORTED_AGGREGATES = new Map<string, BannedCall>([
  ['every', unsupported('every', 'use BOOL_AND(…)')],
  ['xmlagg', unsupported('xmlagg', 'Redshift has no XML type')],
  ...STATISTICAL.map((name): [string, BannedCall] => [name, unsupported(name, 'compute it from SUM, AVG and COUNT')]),
]);

function unsupported(name: string, advice: string): BannedCall {
  const construct = callConstruct(name);
  return { construct, message: `${construct} is not supported by Redshift; ${advice}` };
}

export const unsupportedAggregate: LintRule = {
  id: 'redshift/unsupported-aggregate',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-functions.html',
  description: `PostgreSQL aggregates Redshift lacks: ${[...UNSUPPORTED_AGGREGATES.keys()].join(', ')}`,
  check: (input) => findBannedCalls(input, (name) => UNSUPPORTED_AGGREGATES.get(name)),
};

/** Cast targets whose AVG is a double on every engine. */
const FLOATING_POINT_TYPE = /^(DOUBLE( PRECISION)?|DOUBLEPRECISION|FLOAT[48]?|REAL)$/i;

function castsToFloatingPoint(node: unknown): boolean {
  if (!isAstNode(node) || node.type !== 'cast' || !Array.isArray(node.target)) return false;
  const target: unknown = node.target.at(-1);
  return isAstNode(target) && typeof target.dataType === 'string' && FLOATING_POINT_TYPE.test(target.dataType.trim());
}

const AVG = callConstruct('avg');

export const avgOfDoublesOnly: LintRule = {
  id: 'portable/avg-of-doubles-only',
  description:
    'AVG over anything but an explicit cast to double precision: Redshift returns BIGINT (truncated) for integers and keeps a decimal\'s scale, DuckDB averages decimals as doubles, Postgres exactly',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_AVG.html',
  check: (input) =>
    findBannedCalls(input, (name, call) =>
      name === 'avg' && !(isAstNode(call.args) && castsToFloatingPoint(call.args.expr))
        ? {
            construct: AVG,
            message:
              `${AVG} of an integer or decimal differs by engine (Redshift: BIGINT truncated for integers, the argument's scale for decimals; ` +
              'DuckDB: a double; Postgres: an exact numeric); average doubles, avg(cast(x as double precision)), and cast the result to the decimal you publish',
          }
        : undefined,
    ),
};
