/**
 * Reading the clock: a model or test that asks for today's date gives a different answer when the
 * same day is rerun (docs/architecture.md, "Portable SQL"). The run date is `{{ var('run_date') }}`. Tests are
 * held to it too, because their results are recorded next to the models' and must be as repeatable.
 */
import { callName, columnReference } from '../ast-nodes.ts';
import { walkAst, type AstNode } from '../ast-walker.ts';
import type { Detection, LintRule } from '../lint-rule.ts';
import type { TokenCursor } from '../token-locator.ts';

/** Written without parentheses; the grammars return some as calls and some as column references. */
const CLOCK_KEYWORDS = new Set(['current_date', 'current_time', 'current_timestamp', 'localtime', 'localtimestamp', 'sysdate']);
/** CLOCK_TIMESTAMP and TRANSACTION_TIMESTAMP are also missing from Redshift; this rule's advice covers both problems. */
const CLOCK_FUNCTIONS = new Set(['now', 'getdate', 'timeofday', 'statement_timestamp', 'transaction_timestamp', 'clock_timestamp']);

export const noClock: LintRule = {
  id: 'portable/no-clock',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/c_sql-functions-leader-node.html',
  description: `clock reads (${[...CLOCK_KEYWORDS, ...[...CLOCK_FUNCTIONS].map((name) => `${name}()`)].join(', ')})`,
  check({ statements, locator }) {
    if (statements === undefined) return [];
    const cursors = new Map<string, TokenCursor>();
    const detections: Detection[] = [];
    for (const { node } of walkAst(statements)) {
      const name = callName(node) ?? bareKeyword(node);
      if (name === undefined || (!CLOCK_KEYWORDS.has(name) && !CLOCK_FUNCTIONS.has(name))) continue;
      const cursor = cursors.get(name) ?? locator.cursor([name.toUpperCase()]);
      cursors.set(name, cursor);
      const construct = CLOCK_KEYWORDS.has(name) ? name.toUpperCase() : `${name.toUpperCase()}()`;
      detections.push({
        construct,
        message: `${construct} reads the clock, so a rerun of the same day gives a different result; use the run date, '{{ var("run_date") }}'`,
        at: cursor.next(node),
      });
    }
    return detections;
  },
};

/** `sysdate` and friends when a grammar read them as a column; a quoted or qualified name is a real column. */
function bareKeyword(node: AstNode): string | undefined {
  const column = columnReference(node);
  if (column === undefined || column.quoted || column.qualified) return undefined;
  const name = column.name.toLowerCase();
  return CLOCK_KEYWORDS.has(name) ? name : undefined;
}
