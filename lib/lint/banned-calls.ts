/**
 * Finds calls to functions on a ban list. Calls are the one node kind node-sql-parser locates
 * itself, so these findings carry the parser's position; the token pattern `NAME (` is the fallback.
 */
import { callName } from './ast-nodes.ts';
import { walkAst, type AstNode } from './ast-walker.ts';
import type { Detection, RuleInput } from './lint-rule.ts';
import type { TokenCursor } from './token-locator.ts';

export interface BannedCall {
  /** Shown as the construct, e.g. `STRING_AGG(…)`. */
  readonly construct: string;
  readonly message: string;
}

/** `banned` sees the call node too, for bans that depend on the arguments. */
export function findBannedCalls(input: RuleInput, banned: (name: string, call: AstNode) => BannedCall | undefined): Detection[] {
  if (input.statements === undefined) return [];
  const cursors = new Map<string, TokenCursor>();
  const detections: Detection[] = [];
  for (const { node } of walkAst(input.statements)) {
    const name = callName(node);
    const ban = name === undefined ? undefined : banned(name, node);
    if (name === undefined || ban === undefined) continue;
    let cursor = cursors.get(name);
    if (cursor === undefined) {
      cursor = input.locator.cursor([name.toUpperCase(), '(']);
      cursors.set(name, cursor);
    }
    detections.push({ construct: ban.construct, message: ban.message, at: cursor.next(node) });
  }
  return detections;
}

/** `STRING_AGG(…)` for `string_agg`. */
export function callConstruct(name: string): string {
  return `${name.toUpperCase()}(…)`;
}
