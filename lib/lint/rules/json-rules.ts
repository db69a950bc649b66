/**
 * PostgreSQL JSON: Redshift has neither the JSON/JSONB types ("Unsupported PostgreSQL data types")
 * nor their operators and functions; it keeps JSON in SUPER and reads it with its own functions,
 * which PostgreSQL lacks. The types are reported by redshift/unsupported-type, ARRAY_TO_JSON by
 * redshift/no-arrays.
 */
import { walkAst } from '../ast-walker.ts';
import { callConstruct, findBannedCalls } from '../banned-calls.ts';
import type { Detection, LintRule } from '../lint-rule.ts';

const JSON_OPERATORS = ['->', '->>', '#>', '#>>', '#-', '@>', '<@', '?', '?|', '?&'];

const JSON_FUNCTIONS = new Set(['to_json', 'to_jsonb', 'row_to_json', 'json_agg', 'json_object_agg', 'json_build_object', 'json_build_array', 'json_each', 'json_each_text', 'json_array_elements', 'json_array_elements_text', 'json_typeof', 'json_object_keys']);

const ADVICE = 'extract the fields before the data reaches the models';

export const noPostgresJson: LintRule = {
  id: 'redshift/no-postgres-json',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/json-functions.html',
  description: `PostgreSQL JSON operators (${JSON_OPERATORS.join(' ')}) and JSON/JSONB functions`,
  check(input) {
    const detections = findBannedCalls(input, (name) => {
      if (!JSON_FUNCTIONS.has(name) && !name.startsWith('jsonb_')) return undefined;
      const construct = callConstruct(name);
      return { construct, message: `${construct} is a PostgreSQL JSON function that Redshift does not support; ${ADVICE}` };
    });
    if (input.statements === undefined) return detections;
    const cursors = new Map(JSON_OPERATORS.map((operator) => [operator, input.locator.cursor([operator])]));
    const operators: Detection[] = [];
    for (const { node } of walkAst(input.statements)) {
      if (node.type !== 'binary_expr' || typeof node.operator !== 'string') continue;
      const cursor = cursors.get(node.operator);
      if (cursor === undefined) continue;
      operators.push({
        construct: node.operator,
        message: `${node.operator} is a PostgreSQL JSON operator that Redshift does not support; ${ADVICE}`,
        at: cursor.next(node),
      });
    }
    return [...detections, ...operators];
  },
};
