/**
 * Which of a set of relations exist, and as what: the query a step submits, and the reading of
 * its rows. pg_class rather than information_schema, because Redshift lists late-binding views
 * (the kind every staging model is) in pg_class but not in information_schema.views, as the
 * Redshift engine's relationKind does.
 */
import type { RelationKind, Row } from '../engines/engine.ts';
import { qualified, type Relation } from '../plan/plan.ts';
import { sqlString } from '../sql/literals.ts';

export type RelationKinds = Readonly<Record<string, RelationKind>>;

export function relationKindsQuery(relations: readonly Relation[]): string {
  const names = relations.length === 0 ? "''" : [...new Set(relations.map(qualified))].map(sqlString).join(', ');
  return `select n.nspname || '.' || c.relname as relation_name,
       case c.relkind when 'v' then 'view' else 'table' end as kind
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'v')
   and n.nspname || '.' || c.relname in (${names})`;
}

/** The query's rows as `{ 'schema.name': kind }`. */
export function relationKinds(rows: readonly Row[]): RelationKinds {
  const kinds: Record<string, RelationKind> = {};
  for (const row of rows) kinds[String(row.relation_name)] = row.kind === 'view' ? 'view' : 'table';
  return kinds;
}
