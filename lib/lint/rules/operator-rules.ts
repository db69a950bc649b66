/**
 * Operators and value expressions from the Redshift reference's unsupported lists: IS [NOT]
 * DISTINCT FROM ("Unsupported PostgreSQL functions") and row constructors ("Unsupported PostgreSQL
 * features", value expressions), and integer division, which DuckDB does differently.
 */
import { callName } from '../ast-nodes.ts';
import { isAstNode, walkAst } from '../ast-walker.ts';
import { callConstruct, findBannedCalls } from '../banned-calls.ts';
import { tokenPosition, type Detection, type LintRule } from '../lint-rule.ts';
import { isWord } from '../sql-tokens.ts';

/**
 * Token-level: node-sql-parser mangles IS DISTINCT FROM into `IS` with a made-up right operand
 * (`DISTINCT FROM "b"`) and rejects IS NOT DISTINCT FROM outright, so the tree cannot be trusted here.
 */
export const noIsDistinctFrom: LintRule = {
  id: 'redshift/no-is-distinct-from',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-functions.html',
  description: 'IS [NOT] DISTINCT FROM',
  check({ tokens }) {
    const detections: Detection[] = [];
    tokens.forEach((token, index) => {
      if (!isWord(token, 'IS')) return;
      const negated = isWord(tokens[index + 1], 'NOT');
      const distinct = index + (negated ? 2 : 1);
      if (!isWord(tokens[distinct], 'DISTINCT') || !isWord(tokens[distinct + 1], 'FROM')) return;
      const construct = negated ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM';
      const instead = negated ? '(a = b or (a is null and b is null))' : '(a <> b or (a is null) <> (b is null))';
      detections.push({
        construct,
        message: `${construct} is not supported by Redshift; spell out the NULL cases: ${instead}`,
        at: tokenPosition(token),
      });
    });
    return detections;
  },
};

export const noRowConstructor: LintRule = {
  id: 'redshift/no-row-constructor',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html',
  description: 'ROW(…) constructors',
  check: (input) =>
    findBannedCalls(input, (name) => {
      if (name !== 'row') return undefined;
      const construct = callConstruct(name);
      return { construct, message: `${construct} row constructors are not supported by Redshift; compare the columns one by one` };
    }),
};

const INTEGER_CAST = /^(SMALLINT|INT|INTEGER|BIGINT|INT[248])$/i;

/** An operand every engine types as an integer, without knowing column types: a whole literal, COUNT, a cast to an integer type. */
function isIntegerOperand(node: unknown): boolean {
  if (!isAstNode(node)) return false;
  if (node.type === 'number') return typeof node.value === 'number' ? Number.isInteger(node.value) : /^\d+$/.test(String(node.value));
  if (callName(node) === 'count') return true;
  if (node.type === 'cast' && Array.isArray(node.target)) {
    const target: unknown = node.target.at(-1);
    return isAstNode(target) && typeof target.dataType === 'string' && INTEGER_CAST.test(target.dataType.trim());
  }
  return false;
}

const DIVISION = 'integer / integer';

/**
 * Redshift and Postgres truncate an integer divided by an integer; DuckDB's `/` returns a double
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_numeric_computations201.html). Column types are
 * unknown here, so only operands whose type the SQL itself fixes are checked.
 */
export const noIntegerDivision: LintRule = {
  id: 'portable/no-integer-division',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_numeric_computations201.html',
  description: 'a division of two integers (whole literals, COUNT(…), casts to integer types): truncated on Redshift and Postgres, a double on DuckDB',
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const place = locator.cursor(['/']);
    const detections: Detection[] = [];
    for (const { node } of walkAst(statements)) {
      if (node.type !== 'binary_expr' || node.operator !== '/') continue;
      const at = place.next(node);
      if (!isIntegerOperand(node.left) || !isIntegerOperand(node.right)) continue;
      detections.push({
        construct: DIVISION,
        message: `${DIVISION} truncates on Redshift and Postgres but is a double on DuckDB; use {{ safe_divide(…) }} or cast one side to double precision or decimal`,
        at,
      });
    }
    return detections;
  },
};

const BACKSLASH_LITERAL = "'…\\…'";

/**
 * Token-level: a backslash inside a string literal. Redshift reads it as an escape character
 * (QUOTE_LITERAL "appropriately doubles … backslashes"), DuckDB and Postgres as itself, so the
 * same literal means different strings on the engines.
 */
export const noBackslashInString: LintRule = {
  id: 'portable/no-backslash-in-string',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_QUOTE_LITERAL.html',
  description: 'a backslash in a string literal: an escape character on Redshift, itself on DuckDB and Postgres',
  check: ({ tokens }) =>
    tokens
      .filter((token) => token.kind === 'string' && token.text.includes('\\'))
      .map((token) => ({
        construct: BACKSLASH_LITERAL,
        message: `a backslash in ${token.text} escapes the next character on Redshift but is itself on DuckDB and Postgres; use chr(92) where a backslash is meant`,
        at: tokenPosition(token),
      })),
};
