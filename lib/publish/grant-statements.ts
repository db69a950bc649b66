/**
 * The GRANTs of a model's `grants:` config, run in the transaction that publishes it. Publishing
 * replaces the relation (drop and rename), and a new relation carries no privileges but its
 * owner's, so without re-granting every reader would lose access on each run.
 *
 * - Redshift: `grant select on "s"."t" to "user" | role "r" | group "g"`
 *   (https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html).
 * - Postgres: users, roles and groups are all roles, so every grantee is `to "name"`.
 * - DuckDB: an embedded, single-user database without privileges; nothing to grant (as dbt-duckdb).
 */
import type { ModelGrants, Relation, TargetName } from '../plan/plan.ts';

export interface Grantee {
  readonly kind: 'user' | 'role' | 'group';
  readonly name: string;
}

/** `role:bi_readers` → a role, `group:analysts` → a group, anything else → a user. */
export function parseGrantee(text: string): Grantee {
  const match = /^(role|group):(.+)$/.exec(text);
  if (match === null) return { kind: 'user', name: text };
  return { kind: match[1] as 'role' | 'group', name: match[2] as string };
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function grantSelectStatements(target: TargetName, relation: Relation, grants: ModelGrants | undefined): string[] {
  if (grants === undefined || target === 'duckdb') return [];
  const on = `${quote(relation.schema)}.${quote(relation.name)}`;
  return grants.select.map((text) => {
    const grantee = parseGrantee(text);
    const to = target === 'redshift' && grantee.kind !== 'user' ? `${grantee.kind} ${quote(grantee.name)}` : quote(grantee.name);
    return `grant select on ${on} to ${to}`;
  });
}
