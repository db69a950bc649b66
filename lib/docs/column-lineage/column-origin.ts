/**
 * Where one value in a query comes from while the analysis walks the query: the upstream columns
 * it reads, the references that could not be resolved, and whether it is still an unchanged copy of
 * a single upstream column. Values are immutable; combining makes a new one.
 */
import type { UnresolvedReference, UpstreamColumn } from './lineage-types.ts';

export class ColumnOrigin {
  private constructor(
    private readonly upstreamByKey: ReadonlyMap<string, UpstreamColumn>,
    readonly unresolved: readonly UnresolvedReference[],
    /** An unchanged copy of exactly one upstream column. */
    readonly direct: boolean,
  ) {}

  static readonly NONE = new ColumnOrigin(new Map(), [], false);

  /** The column itself, as a relation outside the query holds it. */
  static of(column: UpstreamColumn): ColumnOrigin {
    return new ColumnOrigin(new Map([[keyOf(column), column]]), [], true);
  }

  static unresolved(reference: UnresolvedReference): ColumnOrigin {
    return new ColumnOrigin(new Map(), [reference], false);
  }

  /** Everything the parts read; never direct (an expression over them, or one of several union branches). */
  static combine(parts: readonly ColumnOrigin[]): ColumnOrigin {
    const upstream = new Map<string, UpstreamColumn>();
    const unresolved = new Map<string, UnresolvedReference>();
    for (const part of parts) {
      for (const [key, column] of part.upstreamByKey) upstream.set(key, column);
      for (const reference of part.unresolved) unresolved.set(`${reference.reference}\u0000${reference.reason}`, reference);
    }
    return new ColumnOrigin(upstream, [...unresolved.values()], false);
  }

  /** Union branches that all copy the same single column stay direct. */
  static alternatives(parts: readonly ColumnOrigin[]): ColumnOrigin {
    const combined = ColumnOrigin.combine(parts);
    const direct = parts.length > 0 && parts.every((part) => part.direct) && combined.upstreamByKey.size === 1;
    return direct ? new ColumnOrigin(combined.upstreamByKey, combined.unresolved, true) : combined;
  }

  get upstream(): UpstreamColumn[] {
    return [...this.upstreamByKey.values()].sort((left, right) => keyOf(left).localeCompare(keyOf(right)));
  }
}

function keyOf(column: UpstreamColumn): string {
  return `${column.node}\u0000${column.column}`;
}
