/**
 * Column-level lineage: for each column a model outputs, the columns of other relations (models
 * and sources) its value is computed from, found by parsing the model's compiled SQL.
 */

/** A column of a model or source: `node` is its plan id (`model.crm.stg_crm_deals`, `source.crm.deals`). */
export interface UpstreamColumn {
  readonly node: string;
  readonly column: string;
}

/** A reference the analysis could not tie to a relation's column, and why: shown as "unresolved", never guessed. */
export interface UnresolvedReference {
  /** As written in the SQL (`deals.amount`, `*`, `status`). */
  readonly reference: string;
  readonly reason: string;
}

/**
 * `direct`: the value is an upstream column carried unchanged through every step (possibly renamed);
 * `derived`: some expression (cast, function, arithmetic, aggregate, case, window) computes it.
 */
export type DerivationKind = 'direct' | 'derived';

export interface ColumnDerivation {
  readonly column: string;
  readonly kind: DerivationKind;
  /** Sorted by node, then column; no repeats. Empty for a constant or `count(*)`. */
  readonly upstream: readonly UpstreamColumn[];
  readonly unresolved: readonly UnresolvedReference[];
}

export interface QueryColumnLineage {
  /** The query's output columns, in SELECT order. */
  readonly columns: readonly ColumnDerivation[];
  /**
   * What leaves the output column list itself incomplete: a star over a relation whose columns are
   * unknown, an output expression without a name, SQL that does not parse.
   */
  readonly incomplete: readonly UnresolvedReference[];
}
