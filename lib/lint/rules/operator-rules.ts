/**
 * Operators and value expressions from the Redshift reference's unsupported lists: IS [NOT]
 * DISTINCT FROM ("Unsupported PostgreSQL functions") and row constructors ("Unsupported PostgreSQL
 * features", value expressions).
 */
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
