/**
 * Arrays: Redshift has no PostgreSQL arrays ("Unsupported PostgreSQL data types": arrays;
 * "Unsupported PostgreSQL functions": array functions and operators; "Unsupported PostgreSQL
 * features": array constructors and subscripted expressions). Constructors, array functions and
 * subscripts come from the tree; `type[]` cast targets from tokens, because the tree drops the `[]`.
 */
import { columnReference, isNonEmptyList } from '../ast-nodes.ts';
import { walkAst } from '../ast-walker.ts';
import { callConstruct, findBannedCalls, type BannedCall } from '../banned-calls.ts';
import { castTargets } from '../cast-targets.ts';
import { tokenPosition, type Detection, type LintRule } from '../lint-rule.ts';
import type { TokenCursor } from '../token-locator.ts';

const ARRAY_FUNCTIONS = new Set(['array_agg', 'unnest', 'cardinality', 'string_to_array']);

function arrayMessage(construct: string): string {
  return `${construct} is not supported by Redshift, which has no PostgreSQL arrays; keep repeated values as rows`;
}

function bannedArrayCall(name: string): BannedCall | undefined {
  if (!ARRAY_FUNCTIONS.has(name) && !name.startsWith('array_')) return undefined;
  const construct = callConstruct(name);
  return { construct, message: arrayMessage(construct) };
}

export const noArrays: LintRule = {
  id: 'redshift/no-arrays',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html',
  description: 'ARRAY[…] constructors, array functions (array_agg, unnest, array_*), subscripts and type[] casts',
  check(input) {
    const detections: Detection[] = [...findBannedCalls(input, bannedArrayCall)];
    if (input.statements !== undefined) {
      const constructors = { brackets: input.locator.cursor(['ARRAY', '[']), parentheses: input.locator.cursor(['ARRAY', '(']) };
      const subscripts = new Map<string, TokenCursor>();
      for (const { node } of walkAst(input.statements)) {
        if (node.type === 'array') {
          const construct = node.brackets === true ? 'ARRAY[…]' : 'ARRAY(…)';
          const at = (node.brackets === true ? constructors.brackets : constructors.parentheses).next();
          detections.push({ construct, message: arrayMessage(construct), at });
        }
        const column = columnReference(node);
        if (column !== undefined && isNonEmptyList(node.array_index)) {
          const pattern = column.name.toUpperCase();
          const cursor = subscripts.get(pattern) ?? input.locator.cursor([pattern, '[']);
          subscripts.set(pattern, cursor);
          const construct = `${column.name}[…]`;
          detections.push({ construct, message: arrayMessage(construct), at: cursor.next() });
        }
      }
    }
    for (const target of castTargets(input.tokens).filter((cast) => cast.isArray)) {
      const construct = `${target.typeName.toLowerCase()}[]`;
      detections.push({ construct, message: arrayMessage(construct), at: tokenPosition(target.typeToken) });
    }
    return detections;
  },
};
