/**
 * Name resolution inside one SELECT: the relations its FROM clause brings in (base relations,
 * CTEs, subqueries), the aliases its select list has defined so far, and the enclosing SELECT for
 * correlated subqueries. Resolution follows the engines: FROM columns first, then earlier select
 * aliases (DuckDB and Redshift allow `select a + 1 as b, b * 2 as c`), then the outer query.
 */
import { ColumnOrigin } from './column-origin.ts';
import type { UnresolvedReference } from './lineage-types.ts';

export interface NamedOrigin {
  /** Undefined for an output expression without a name (it can only be reached by a star). */
  readonly name: string | undefined;
  readonly origin: ColumnOrigin;
}

/** A relation as one SELECT sees it. */
export interface ScopeRelation {
  /** What the query calls it: the alias, else the table or CTE name. */
  readonly alias: string;
  /** Its columns in order, as far as they are known. */
  readonly columns: readonly NamedOrigin[];
  /** False when there may be more columns than `columns` (a relation outside the project, a star that could not be expanded). */
  readonly complete: boolean;
  /** The model or source it is, for base relations: a column of one whose columns are unknown still resolves to it. */
  readonly node?: string;
  /** Why its column list is incomplete, for messages. */
  readonly incompleteBecause?: string;
}

export class SelectScope {
  private readonly selectAliases = new Map<string, ColumnOrigin>();

  constructor(
    readonly relations: readonly ScopeRelation[],
    /** Columns joined with USING: the same value on every side, so the sides are all its origin. */
    private readonly usingColumns: ReadonlySet<string>,
    private readonly outer: SelectScope | undefined,
  ) {}

  /** Makes an output alias visible to the select items after it. */
  defineAlias(name: string, origin: ColumnOrigin): void {
    if (!this.selectAliases.has(name)) this.selectAliases.set(name, origin);
  }

  relation(alias: string): ScopeRelation | undefined {
    return this.relations.find((relation) => relation.alias === alias) ?? this.outer?.relation(alias);
  }

  resolve(table: string | undefined, column: string, written: string): ColumnOrigin {
    return table === undefined ? this.resolveUnqualified(column, written) : this.resolveQualified(table, column, written);
  }

  private resolveQualified(table: string, column: string, written: string): ColumnOrigin {
    const relation = this.relation(table);
    if (relation === undefined) return unresolved(written, `no relation named '${table}' in the FROM clause`);
    return columnOf(relation, column, written);
  }

  private resolveUnqualified(column: string, written: string): ColumnOrigin {
    const holders = this.relations.filter((relation) => relation.columns.some((candidate) => candidate.name === column));
    if (holders.length === 1) return columnOf(holders[0] as ScopeRelation, column, written);
    if (holders.length > 1) {
      if (this.usingColumns.has(column)) return ColumnOrigin.combine(holders.map((relation) => columnOf(relation, column, written)));
      return unresolved(written, `ambiguous: ${holders.map((relation) => relation.alias).join(', ')} all have a column '${column}'`);
    }
    const partlyKnown = this.relations.filter((relation) => !relation.complete);
    if (partlyKnown.length === 1) return columnOf(partlyKnown[0] as ScopeRelation, column, written);
    if (partlyKnown.length > 1) {
      return unresolved(written, `could be a column of any of ${partlyKnown.map((relation) => relation.alias).join(', ')}, whose columns are not all known`);
    }
    const alias = this.selectAliases.get(column);
    if (alias !== undefined) return alias;
    if (this.outer !== undefined) return this.outer.resolveUnqualified(column, written);
    const from = this.relations.map((relation) => relation.alias).join(', ');
    return unresolved(written, from === '' ? 'the SELECT has no FROM clause' : `no relation in the FROM clause (${from}) has a column '${column}'`);
  }
}

function columnOf(relation: ScopeRelation, column: string, written: string): ColumnOrigin {
  const found = relation.columns.find((candidate) => candidate.name === column);
  if (found !== undefined) return found.origin;
  if (relation.complete) return unresolved(written, `'${relation.alias}' has no column '${column}'`);
  // A model or source whose columns are unknown: the SQL names the column, so it is that column.
  if (relation.node !== undefined) return ColumnOrigin.of({ node: relation.node, column });
  return unresolved(written, relation.incompleteBecause ?? `the columns of '${relation.alias}' are not all known`);
}

function unresolved(reference: string, reason: string): ColumnOrigin {
  const entry: UnresolvedReference = { reference, reason };
  return ColumnOrigin.unresolved(entry);
}
