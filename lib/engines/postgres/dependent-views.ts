/**
 * Postgres views bind early: a view records the relations it reads, and Postgres refuses to
 * drop a relation another view still reads. Redshift's views here are late-binding and DuckDB
 * re-resolves names on every query, so the write-audit-publish swap (drop the published
 * relation, rename the staged one into its place) must not break on a dependent view, nor leave
 * the dependent bound to the dropped relation.
 *
 * In this project every model a view reads is either a raw table (loaded in place, never
 * swapped) or another staging view, and tables are built with CREATE TABLE AS (no dependency),
 * but a view on a view is allowed, so the swap handles it: one DO block, run inside the swap's
 * transaction, saves the definition of every view that depends on the target (transitively),
 * drops the target with CASCADE, renames the staged relation into place and recreates the saved
 * views, deepest last. A recreated view that no longer fits the new relation (say, it reads a
 * column the new build dropped) fails the block, and the transaction leaves the previously
 * published warehouse untouched. Grants and comments on recreated views are not kept; this
 * warehouse sets none.
 */
import type { Relation } from '../../plan/plan.ts';
import { sqlString } from '../../sql/literals.ts';

/** A DO block that runs `statements` (which drop and replace `target`) and recreates the views that read `target`. */
export function keepingDependentViews(target: Relation, statements: readonly string[]): string {
  const targetOid = `(select c.oid from pg_catalog.pg_class as c
        join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
       where n.nspname = ${sqlString(target.schema)} and c.relname = ${sqlString(target.name)})`;
  const body = statements.map((statement) => `  execute ${sqlString(statement)};`).join('\n');
  return `do $keep_dependent_views$
declare
  definitions text[];
  definition text;
begin
  -- A view's rewrite rule depends on every relation the view reads; depth is the longest path
  -- from the target, so a view is recreated only after every saved view it reads.
  with recursive dependents (view_oid, depth) as (
    select rewrite.ev_class, 1
      from pg_catalog.pg_depend as dependency
      join pg_catalog.pg_rewrite as rewrite on rewrite.oid = dependency.objid
     where dependency.classid = 'pg_catalog.pg_rewrite'::regclass
       and dependency.refclassid = 'pg_catalog.pg_class'::regclass
       and dependency.refobjid = ${targetOid}
       and rewrite.ev_class <> dependency.refobjid
    union all
    select rewrite.ev_class, dependents.depth + 1
      from dependents
      join pg_catalog.pg_depend as dependency
        on dependency.refobjid = dependents.view_oid
       and dependency.classid = 'pg_catalog.pg_rewrite'::regclass
       and dependency.refclassid = 'pg_catalog.pg_class'::regclass
      join pg_catalog.pg_rewrite as rewrite on rewrite.oid = dependency.objid
     where rewrite.ev_class <> dependents.view_oid
  )
  select coalesce(array_agg(saved.ddl order by saved.depth, saved.ddl), '{}')
    into definitions
    from (
      select format('create view %I.%I as %s', n.nspname, c.relname, pg_catalog.pg_get_viewdef(c.oid)) as ddl,
             max(dependents.depth) as depth
        from dependents
        join pg_catalog.pg_class as c on c.oid = dependents.view_oid
        join pg_catalog.pg_namespace as n on n.oid = c.relnamespace
       group by c.oid, n.nspname, c.relname
    ) as saved;
${body}
  foreach definition in array definitions loop
    execute definition;
  end loop;
end
$keep_dependent_views$`;
}
