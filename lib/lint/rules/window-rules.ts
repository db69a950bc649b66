/**
 * Window frames. Redshift requires an explicit frame on an aggregate window function whose OVER has
 * an ORDER BY, and only has ROWS frames ("Window function syntax summary"). Without the frame,
 * PostgreSQL and DuckDB default to RANGE … CURRENT ROW, which also sums the current row's ties, so
 * the explicit ROWS frame is what makes the engines agree.
 */
import { callName, isNonEmptyList, windowSpecification } from '../ast-nodes.ts';
import { walkAst } from '../ast-walker.ts';
import { tokenPosition, type Detection, type LintRule } from '../lint-rule.ts';
import { isSymbol, isWord, type SqlToken } from '../sql-tokens.ts';

/** Aggregates usable as window functions, whose Redshift pages require the frame with ORDER BY. */
const FRAMED_FUNCTIONS = new Set([
  'avg',
  'count',
  'sum',
  'min',
  'max',
  'stddev',
  'stddev_samp',
  'stddev_pop',
  'variance',
  'var_samp',
  'var_pop',
  'first_value',
  'last_value',
  'nth_value',
]);

export const windowFrameRequired: LintRule = {
  id: 'redshift/window-frame-required',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_Window_functions.html',
  description: `aggregate window functions (${[...FRAMED_FUNCTIONS].join(', ')}) with ORDER BY but no frame clause`,
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const place = locator.cursor(['OVER']);
    const detections: Detection[] = [];
    for (const { node } of walkAst(statements)) {
      if (node.over === undefined || node.over === null) continue;
      // Every windowed call advances the cursor, flagged or not, to stay paired with its OVER.
      const at = place.next(node);
      const name = callName(node);
      const specification = windowSpecification(node);
      if (name === undefined || !FRAMED_FUNCTIONS.has(name) || specification === undefined) continue;
      if (!isNonEmptyList(specification.orderby) || hasValue(specification.window_frame_clause)) continue;
      const construct = `${name.toUpperCase()}(…) OVER (… ORDER BY …)`;
      detections.push({
        construct,
        message: `${construct} has no frame clause, which Redshift requires; add ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW (or the frame you mean)`,
        at,
      });
    }
    return detections;
  },
};

const FRAME_BOUND_STARTS = new Set(['BETWEEN', 'UNBOUNDED', 'CURRENT']);

/**
 * Token-level: neither grammar parses a RANGE or GROUPS frame, so the tree never shows one; the
 * tokens inside an OVER (…) do.
 */
export const rowsFrameOnly: LintRule = {
  id: 'redshift/rows-frame-only',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_Window_functions.html',
  description: 'RANGE and GROUPS window frames; Redshift has ROWS frames only',
  check({ tokens }) {
    const detections: Detection[] = [];
    tokens.forEach((token, index) => {
      if (!isWord(token, 'OVER') || !isSymbol(tokens[index + 1], '(')) return;
      for (const frame of framesInside(tokens, index + 1)) {
        const construct = `${frame.upper} frame`;
        detections.push({
          construct,
          message: `${construct}s are not supported by Redshift, which has ROWS frames only; write ROWS BETWEEN …`,
          at: tokenPosition(frame),
        });
      }
    });
    return detections;
  },
};

function framesInside(tokens: readonly SqlToken[], open: number): SqlToken[] {
  const frames: SqlToken[] = [];
  let depth = 0;
  for (let index = open; index < tokens.length; index += 1) {
    const token = tokens[index] as SqlToken;
    if (isSymbol(token, '(')) depth += 1;
    else if (isSymbol(token, ')')) {
      depth -= 1;
      if (depth === 0) break;
    } else if (depth === 1 && (isWord(token, 'RANGE') || isWord(token, 'GROUPS'))) {
      const following = tokens[index + 1];
      if (following?.kind === 'number' || following?.kind === 'string' || (following?.kind === 'word' && FRAME_BOUND_STARTS.has(following.upper))) {
        frames.push(token);
      }
    }
  }
  return frames;
}

/** The parser writes absent clauses as null. */
function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null;
}
