/**
 * Several relations' kinds from one catalog query (Engine.relationKinds): a build asks for its
 * staged and its published relation together, and on Redshift every query is a Data API round
 * trip (a statement and its polls). Each engine writes the query over its own catalog; its rows
 * (`schema_name`, `relation_name`, `kind`) are read back here in the order the relations were asked.
 */
import { qualified, type Relation } from '../plan/plan.ts';
import type { RelationKind, Row } from './engine.ts';

/** An engine's catalog query over `relations` (never empty), one row per relation that exists. */
export type RelationKindsQuery = (relations: readonly Relation[]) => string;

/** Runs the engine's lookup through `query`; a failure is rethrown naming the relations it was for. */
export async function lookUpRelationKinds(relations: readonly Relation[], kindsQuery: RelationKindsQuery, query: (sql: string) => Promise<Row[]>): Promise<(RelationKind | undefined)[]> {
  if (relations.length === 0) return [];
  let rows: Row[];
  try {
    rows = await query(kindsQuery(relations));
  } catch (error) {
    throw new Error(`cannot look up whether ${relations.map(qualified).join(', ')} exist: ${(error as Error).message}`, { cause: error });
  }
  const kinds = new Map<string, RelationKind>(rows.map((row) => [`${String(row.schema_name)}.${String(row.relation_name)}`, row.kind === 'view' ? 'view' : 'table']));
  return relations.map((relation) => kinds.get(qualified(relation)));
}

/** The condition matching any of `relations` by its schema and name columns, each name quoted by the engine's `quote`. */
export function matchingRelations(relations: readonly Relation[], columns: { readonly schema: string; readonly name: string }, quote: (text: string) => string): string {
  return relations.map((relation) => `(${columns.schema} = ${quote(relation.schema)} and ${columns.name} = ${quote(relation.name)})`).join('\n            or ');
}
