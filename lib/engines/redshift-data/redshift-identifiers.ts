/**
 * Identifiers in the SQL this engine generates. Every schema, table and column name is quoted:
 * the raw schema is called `raw`, a Redshift reserved word (so are `timestamp`, `user`, `tag`…),
 * and a quoted lower-case name means the same relation as the unquoted one (Redshift folds
 * unquoted names to lower case, and plan relations are always lower-case).
 */
import type { Relation } from '../../plan/plan.ts';

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."name"` */
export function quotedRelation(relation: Relation): string {
  return `${quoteIdentifier(relation.schema)}.${quoteIdentifier(relation.name)}`;
}
