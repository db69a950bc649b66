/**
 * Readers for the node-sql-parser shapes the column lineage needs. The Redshift and PostgreSQL
 * grammars (see lib/lint/parse-sql.ts) spell the same thing in more than one way: a name is a plain
 * string or `{ value }` or `{ expr: { value } }`, a `::` cast carries its alias inside the cast,
 * a subquery is `{ ast }` or the select itself. Everything here is tolerant of all of them.
 */
import { isAstNode, type AstNode } from '../../lint/ast-walker.ts';

/** Unquoted identifiers fold to lower case on every engine we run (and the project writes lower case). */
export function identifierText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.toLowerCase();
  if (!isAstNode(value)) return undefined;
  if (typeof value.value === 'string') return value.value.toLowerCase();
  if (isAstNode(value.expr) && typeof value.expr.value === 'string') return value.expr.value.toLowerCase();
  return undefined;
}

export interface ColumnReferenceSyntax {
  /** The qualifier (`deals` in `deals.amount`); undefined when unqualified. */
  readonly table: string | undefined;
  /** The column name, or `*` for a star. */
  readonly column: string;
}

export function columnReferenceSyntax(node: AstNode): ColumnReferenceSyntax | undefined {
  if (node.type !== 'column_ref') return undefined;
  const column = node.column === '*' ? '*' : identifierText(node.column);
  if (column === undefined) return undefined;
  const table = node.table === null || node.table === undefined || node.table === '' ? undefined : identifierText(node.table);
  return { table, column };
}

export function referenceText(reference: ColumnReferenceSyntax): string {
  return reference.table === undefined ? reference.column : `${reference.table}.${reference.column}`;
}

/** A SELECT (one branch of a set operation: the next branch hangs off `_next`). */
export function isSelect(node: unknown): node is AstNode {
  return isAstNode(node) && node.type === 'select';
}

/** The select statement of a subquery node, whichever way the grammar wrapped it. */
export function subquerySelect(node: AstNode): AstNode | undefined {
  if (isSelect(node.ast)) return node.ast;
  if (isAstNode(node.expr) && isSelect(node.expr.ast)) return node.expr.ast;
  if (isSelect(node.expr)) return node.expr;
  return undefined;
}

/** The branches of `a union all b except c`, in order (node-sql-parser chains them through `_next`). */
export function setOperationBranches(select: AstNode): AstNode[] {
  const branches: AstNode[] = [];
  let branch: unknown = select;
  while (isSelect(branch)) {
    branches.push(branch);
    branch = branch._next;
  }
  return branches;
}

export function listOf(value: unknown): AstNode[] {
  return Array.isArray(value) ? value.filter(isAstNode) : [];
}

/**
 * The name an output expression gets: its alias, else the column it copies. Expressions without an
 * alias get engine-specific names (DuckDB: the expression text, Postgres: the function name): undefined.
 */
export function outputName(item: AstNode): string | undefined {
  const alias = identifierText(item.as);
  if (alias !== undefined) return alias;
  const expression = item.expr;
  if (!isAstNode(expression)) return undefined;
  if (expression.type === 'cast') return identifierText(expression.as);
  return columnReferenceSyntax(expression)?.column;
}

/**
 * node-sql-parser 5.4 (both grammars) reads `from deals cross join run_day`, where `deals` has no
 * alias, as `deals AS cross` joined to `run_day`. Join keywords are reserved words, never an
 * unquoted alias, so such an "alias" is dropped; the join type does not matter to lineage.
 */
const JOIN_KEYWORDS: ReadonlySet<string> = new Set(['cross', 'natural', 'inner', 'left', 'right', 'full', 'outer', 'join']);

/** The alias a FROM item is given, if any. */
export function fromItemAlias(item: AstNode): string | undefined {
  const alias = identifierText(item.as);
  return alias === undefined || JOIN_KEYWORDS.has(alias) ? undefined : alias;
}

/** Keys that hold parser metadata (locations, the parser's own table and column lists), not syntax. */
export const METADATA_KEYS: ReadonlySet<string> = new Set(['loc', 'tableList', 'columnList']);
