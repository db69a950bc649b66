/**
 * Depth-first walk over a node-sql-parser tree. The parser's own types cover only part of what it
 * produces (FILTER, QUALIFY, ON CONFLICT and window frames are missing), so the walk treats every
 * object as a loose record and the rules check shapes themselves.
 *
 * Children are visited in property order, which for this parser follows the text (WITH before the
 * select list, the select list before FROM, the left operand before the right); rules rely on that
 * to pair the n-th node they find with the n-th matching token.
 */

export type AstNode = Readonly<Record<string, unknown>>;

export interface AstVisit {
  readonly node: AstNode;
  /** The property of the parent that holds this node (`columns`, `from`, `over`, …); '' for a root. */
  readonly key: string;
  /** Enclosing nodes, outermost first. */
  readonly ancestors: readonly AstNode[];
}

/** Location data is metadata, not syntax: never descend into it. */
const SKIPPED_KEYS = new Set(['loc']);

export function isAstNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function* walkAst(roots: readonly AstNode[]): Generator<AstVisit> {
  const stack: { value: unknown; key: string; ancestors: readonly AstNode[] }[] = [];
  for (let index = roots.length - 1; index >= 0; index -= 1) stack.push({ value: roots[index], key: '', ancestors: [] });
  while (stack.length > 0) {
    const { value, key, ancestors } = stack.pop() as (typeof stack)[number];
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) stack.push({ value: value[index], key, ancestors });
      continue;
    }
    if (!isAstNode(value)) continue;
    yield { node: value, key, ancestors };
    const inside = [...ancestors, value];
    const entries = Object.entries(value).filter(([childKey]) => !SKIPPED_KEYS.has(childKey));
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [childKey, child] = entries[index] as [string, unknown];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, key: childKey, ancestors: inside });
    }
  }
}
