/**
 * Column lineage of one SELECT, from its node-sql-parser tree: every output column is traced
 * through CTEs, subqueries, aliases, joins and set operations down to columns of relations outside
 * the query (the project's models and sources, given by a catalog).
 *
 * What counts as "computed from": every column the output expression reads, including the
 * PARTITION BY / ORDER BY columns of a window function and the columns a scalar subquery in the
 * expression returns. Columns used only to filter, join or group (WHERE, ON, GROUP BY, HAVING)
 * are not lineage of any output column.
 *
 * What stays unresolved (reported, never guessed): a column no relation in scope has, an
 * unqualified column several relations have (unless joined with USING), a star over a relation
 * outside the project, an output expression without an alias (engines name those differently),
 * and SQL the parser rejects.
 */
import { isAstNode, type AstNode } from '../../lint/ast-walker.ts';
import { parseSql } from '../../lint/parse-sql.ts';
import { ColumnOrigin } from './column-origin.ts';
import type { ColumnDerivation, QueryColumnLineage, UnresolvedReference } from './lineage-types.ts';
import { SelectScope, type NamedOrigin, type ScopeRelation } from './query-scope.ts';
import {
  columnReferenceSyntax,
  fromItemAlias,
  identifierText,
  isSelect,
  listOf,
  METADATA_KEYS,
  outputName,
  referenceText,
  setOperationBranches,
  subquerySelect,
} from './select-syntax.ts';

/** A relation outside the query: a model or a source of the plan. */
export interface CatalogRelation {
  readonly node: string;
  /** Its columns in order; undefined when unknown (then any column the SQL names is taken as one of its columns). */
  readonly columns: readonly string[] | undefined;
}

/** Finds a relation by its lower-case `schema.name` (or bare `name` when the SQL does not qualify it). */
export type RelationCatalog = (qualifiedName: string) => CatalogRelation | undefined;

/** What a SELECT outputs: its columns as far as known, and why the list may be incomplete. */
interface QueryShape {
  readonly columns: readonly NamedOrigin[];
  readonly problems: readonly UnresolvedReference[];
  /**
   * When the list is incomplete only because of a star over one model or source whose columns are
   * unknown (dbt's import CTE, `with deals as (select * from ref)`): that node, so a column named
   * through the query still resolves to it.
   */
  readonly passthroughNode?: string;
}

/** CTEs visible at a point of the query, by name. */
type CteEnvironment = ReadonlyMap<string, QueryShape>;

export function queryColumnLineage(sql: string, catalog: RelationCatalog): QueryColumnLineage {
  const parsed = parseSql(sql);
  if (!parsed.ok) {
    const reasons = parsed.failures.map((failure) => `${failure.grammar}: ${failure.message.split('\n')[0]}`);
    return { columns: [], incomplete: [{ reference: 'SQL', reason: `does not parse (${reasons.join('; ')})` }] };
  }
  const [statement, ...rest] = parsed.statements;
  if (statement === undefined || rest.length > 0 || !isSelect(statement)) {
    return { columns: [], incomplete: [{ reference: 'SQL', reason: 'is not a single SELECT statement' }] };
  }
  const shape = new QueryAnalyzer(catalog).analyzeQuery(statement, new Map(), undefined);
  const incomplete = [...shape.problems];
  const columns: ColumnDerivation[] = [];
  const seen = new Set<string>();
  shape.columns.forEach(({ name, origin }, index) => {
    if (name === undefined) {
      incomplete.push({ reference: `output column ${index + 1}`, reason: 'has no alias: engines name such columns differently' });
      return;
    }
    if (seen.has(name)) {
      incomplete.push({ reference: name, reason: 'is output more than once; only the first is described' });
      return;
    }
    seen.add(name);
    columns.push({ column: name, kind: origin.direct ? 'direct' : 'derived', upstream: origin.upstream, unresolved: origin.unresolved });
  });
  return { columns, incomplete };
}

class QueryAnalyzer {
  constructor(private readonly catalog: RelationCatalog) {}

  /** A whole query: its WITH clause, then its set-operation branches, matched by position. */
  analyzeQuery(select: AstNode, environment: CteEnvironment, outer: SelectScope | undefined): QueryShape {
    const inner = this.withClause(select, environment, outer);
    const branches = setOperationBranches(select).map((branch) => this.analyzeBranch(branch, inner, outer));
    return combineBranches(branches);
  }

  private withClause(select: AstNode, environment: CteEnvironment, outer: SelectScope | undefined): CteEnvironment {
    let current = environment;
    for (const cte of listOf(select.with)) {
      const name = identifierText(cte.name);
      const body = isSelect(cte.stmt) ? cte.stmt : isAstNode(cte.stmt) ? subquerySelect(cte.stmt) : undefined;
      if (name === undefined || body === undefined) continue;
      let visible = current;
      if (cte.recursive === true) {
        // The recursive branch reads the CTE itself: give it the shape of the first (anchor) branch.
        const anchor = this.analyzeBranch(body, this.withClause(body, current, outer), outer);
        visible = new Map(current).set(name, renamed(anchor, cte.columns));
      }
      const shape = renamed(this.analyzeQuery(body, visible, outer), cte.columns);
      current = new Map(current).set(name, shape);
    }
    return current;
  }

  /** One SELECT ... FROM ... of a set operation. */
  private analyzeBranch(branch: AstNode, environment: CteEnvironment, outer: SelectScope | undefined): QueryShape {
    const usingColumns = new Set<string>();
    const relations = listOf(branch.from).map((item) => {
      for (const column of listOf(item.using)) {
        const name = identifierText(column);
        if (name !== undefined) usingColumns.add(name);
      }
      return this.fromItem(item, environment, outer);
    });
    const scope = new SelectScope(relations, usingColumns, outer);
    const columns: NamedOrigin[] = [];
    const problems: UnresolvedReference[] = [];
    const incompleteStarNodes: (string | undefined)[] = [];
    const items = branch.columns === '*' ? [{ expr: { type: 'column_ref', table: null, column: '*' } }] : listOf(branch.columns);
    for (const item of items) {
      const expression = isAstNode(item.expr) ? item.expr : undefined;
      const reference = expression === undefined ? undefined : columnReferenceSyntax(expression);
      if (reference?.column === '*') {
        const expanded = expandStar(scope, reference.table);
        columns.push(...expanded.columns);
        problems.push(...expanded.problems);
        incompleteStarNodes.push(...expanded.incompleteNodes);
        continue;
      }
      const origin = expression === undefined ? ColumnOrigin.NONE : this.expressionOrigin(expression, scope, environment, branch);
      const name = outputName(item);
      columns.push({ name, origin });
      if (name !== undefined) scope.defineAlias(name, origin);
    }
    const [only, ...more] = incompleteStarNodes;
    return more.length === 0 && only !== undefined ? { columns, problems, passthroughNode: only } : { columns, problems };
  }

  private fromItem(item: AstNode, environment: CteEnvironment, outer: SelectScope | undefined): ScopeRelation {
    const subquery = subquerySelect(item);
    if (subquery !== undefined) {
      // A derived table sees the CTEs and the enclosing query, not its sibling FROM items (no LATERAL).
      const shape = this.analyzeQuery(subquery, environment, outer);
      return relationOfShape(fromItemAlias(item) ?? '(subquery)', shape);
    }
    const table = identifierText(item.table);
    if (table === undefined) {
      const alias = fromItemAlias(item) ?? '(table expression)';
      return { alias, columns: [], complete: false, incompleteBecause: `'${alias}' is a table expression whose columns the lineage does not read` };
    }
    const schema = identifierText(item.db) ?? identifierText(item.schema);
    const alias = fromItemAlias(item) ?? table;
    const cte = schema === undefined ? environment.get(table) : undefined;
    if (cte !== undefined) return relationOfShape(alias, cte);
    const qualified = schema === undefined ? table : `${schema}.${table}`;
    const known = this.catalog(qualified);
    if (known === undefined) {
      return { alias, columns: [], complete: false, incompleteBecause: `'${qualified}' is not a model or source of the project` };
    }
    if (known.columns === undefined) {
      return { alias, columns: [], complete: false, node: known.node, incompleteBecause: `the columns of '${qualified}' are unknown` };
    }
    const columns = known.columns.map((column) => ({ name: column, origin: ColumnOrigin.of({ node: known.node, column }) }));
    return { alias, columns, complete: true, node: known.node };
  }

  /** A bare column reference keeps its origin (and directness); anything else reads all the columns inside it. */
  private expressionOrigin(expression: AstNode, scope: SelectScope, environment: CteEnvironment, select: AstNode): ColumnOrigin {
    const reference = columnReferenceSyntax(expression);
    if (reference !== undefined && reference.column !== '*') return scope.resolve(reference.table, reference.column, referenceText(reference));
    const parts: ColumnOrigin[] = [];
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) {
        value.forEach(visit);
        return;
      }
      if (!isAstNode(value)) return;
      const inner = columnReferenceSyntax(value);
      if (inner !== undefined) {
        // `count(*)` reads rows, not columns.
        if (inner.column !== '*') parts.push(scope.resolve(inner.table, inner.column, referenceText(inner)));
        return;
      }
      const subquery = isSelect(value) ? value : subquerySelect(value);
      if (subquery !== undefined) {
        const shape = this.analyzeQuery(subquery, environment, scope);
        parts.push(...shape.columns.map((column) => column.origin));
        return;
      }
      if (isAstNode(value.over) && typeof value.over.as_window_specification === 'string') {
        visit(namedWindow(select, value.over.as_window_specification));
      }
      for (const [key, child] of Object.entries(value)) {
        if (!METADATA_KEYS.has(key) && typeof child === 'object' && child !== null) visit(child);
      }
    };
    visit(expression);
    return ColumnOrigin.combine(parts);
  }
}

/** `window w as (...)` of the SELECT, for `over w`. */
function namedWindow(select: AstNode, name: string): AstNode | undefined {
  const clause = isAstNode(select.window) ? select.window : undefined;
  return listOf(clause?.expr).find((definition) => identifierText(definition.name) === name.toLowerCase());
}

interface ExpandedStar extends QueryShape {
  /** For each relation whose columns the star could not all list: the node a column of it resolves to, if any. */
  readonly incompleteNodes: readonly (string | undefined)[];
}

function expandStar(scope: SelectScope, table: string | undefined): ExpandedStar {
  const written = table === undefined ? '*' : `${table}.*`;
  const targets = table === undefined ? scope.relations : [scope.relation(table)];
  const columns: NamedOrigin[] = [];
  const problems: UnresolvedReference[] = [];
  const incompleteNodes: (string | undefined)[] = [];
  if (targets.length === 0) {
    problems.push({ reference: written, reason: 'the SELECT has no FROM clause' });
    incompleteNodes.push(undefined);
  }
  for (const relation of targets) {
    if (relation === undefined) {
      problems.push({ reference: written, reason: `no relation named '${table}' in the FROM clause` });
      incompleteNodes.push(undefined);
      continue;
    }
    columns.push(...relation.columns);
    if (!relation.complete) {
      problems.push({ reference: written, reason: relation.incompleteBecause ?? `the columns of '${relation.alias}' are not all known` });
      incompleteNodes.push(relation.node);
    }
  }
  return { columns, problems, incompleteNodes };
}

function relationOfShape(alias: string, shape: QueryShape): ScopeRelation {
  const complete = shape.problems.length === 0;
  if (complete) return { alias, columns: shape.columns, complete };
  const because = shape.problems.map((problem) => `${problem.reference} ${problem.reason}`).join('; ');
  const incompleteBecause = `'${alias}' has columns the lineage cannot list (${because})`;
  return { alias, columns: shape.columns, complete, incompleteBecause, ...(shape.passthroughNode === undefined ? {} : { node: shape.passthroughNode }) };
}

/** `with name (a, b) as (...)`: the listed names replace the query's own, by position. */
function renamed(shape: QueryShape, columnList: unknown): QueryShape {
  const names = listOf(columnList).map((column) => columnReferenceSyntax(column)?.column ?? identifierText(column));
  if (names.length === 0) return shape;
  return { ...shape, columns: shape.columns.map((column, index) => ({ name: names[index] ?? column.name, origin: column.origin })) };
}

/** Set-operation branches line up by position; names come from the first branch, as on every engine. No passthrough: a column missing from the list may come from any branch. */
function combineBranches(branches: readonly QueryShape[]): QueryShape {
  const [first, ...others] = branches;
  if (first === undefined) return { columns: [], problems: [] };
  if (others.length === 0) return first;
  const problems = branches.flatMap((branch) => branch.problems);
  const widths = new Set(branches.map((branch) => branch.columns.length));
  if (widths.size > 1 && problems.length === 0) {
    problems.push({ reference: 'set operation', reason: `branches output different numbers of columns (${[...widths].join(', ')})` });
  }
  const columns = first.columns.map((column, index) => ({
    name: column.name,
    origin: ColumnOrigin.alternatives(branches.map((branch) => branch.columns[index]?.origin ?? ColumnOrigin.NONE)),
  }));
  return { columns, problems };
}
