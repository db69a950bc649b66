/** Readers for the few node-sql-parser node shapes the rules care about, tolerant of both grammars. */
import { isAstNode, type AstNode } from './ast-walker.ts';

export interface SqlPosition {
  /** 1-based, in the SQL that was parsed. */
  readonly line: number;
  readonly column: number;
}

const CALL_TYPES = new Set(['function', 'aggr_func', 'window_func']);

/** Lower-case name of a function, aggregate or window-function call; undefined for anything else. */
export function callName(node: AstNode): string | undefined {
  if (typeof node.type !== 'string' || !CALL_TYPES.has(node.type)) return undefined;
  const { name } = node;
  if (typeof name === 'string') return name.toLowerCase();
  // `schema.fn(...)` arrives as name.name = [{ value: 'schema' }, { value: 'fn' }].
  if (isAstNode(name) && Array.isArray(name.name)) {
    const last: unknown = name.name.at(-1);
    if (isAstNode(last) && typeof last.value === 'string') return last.value.toLowerCase();
  }
  return undefined;
}

export interface ColumnReference {
  readonly name: string;
  /** Written in double quotes, so a reserved word is allowed. */
  readonly quoted: boolean;
  readonly qualified: boolean;
}

export function columnReference(node: AstNode): ColumnReference | undefined {
  if (node.type !== 'column_ref') return undefined;
  const qualified = typeof node.table === 'string' && node.table !== '';
  const { column } = node;
  if (typeof column === 'string') return { name: column, quoted: false, qualified };
  if (isAstNode(column) && isAstNode(column.expr) && typeof column.expr.value === 'string') {
    return { name: column.expr.value, quoted: column.expr.type === 'double_quote_string', qualified };
  }
  return undefined;
}

/** The parser's own location of a node, present on calls and (PostgreSQL grammar) binary expressions. */
export function parserPosition(node: AstNode): SqlPosition | undefined {
  const { loc } = node;
  if (!isAstNode(loc) || !isAstNode(loc.start)) return undefined;
  const { line, column } = loc.start;
  return typeof line === 'number' && typeof column === 'number' ? { line, column } : undefined;
}

/** The window specification of an `… OVER (…)` call; undefined for a plain call or a named window. */
export function windowSpecification(node: AstNode): AstNode | undefined {
  const { over } = node;
  if (!isAstNode(over) || !isAstNode(over.as_window_specification)) return undefined;
  const specification = over.as_window_specification.window_specification;
  return isAstNode(specification) ? specification : undefined;
}

export function isNonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
