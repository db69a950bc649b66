/**
 * dbt's `on_schema_change` for an increment whose columns differ from the published table's (by
 * name, or by type): the comparison, the error, and the ALTERs of the staged copy of the published
 * table that the increment is then merged into. Only the staged copy is altered, so a refused or
 * failed run leaves the published table as it was.
 *
 * - `fail` (the default here, dbt's is `ignore`): an error naming the added, removed and retyped
 *   columns; the user rebuilds with --full-refresh.
 * - `ignore`: the increment's columns that the table has are merged; new ones are left out, removed
 *   ones are null in the merged rows.
 * - `append_new_columns`: new columns are added to the table (null in rows already there); removed
 *   ones stay.
 * - `sync_all_columns`: new columns are added and removed ones dropped; a column whose type changed
 *   is an error (dbt would alter it; Redshift can alter only a varchar's length, and not inside a
 *   transaction: https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE.html, where adding
 *   and dropping columns in one is allowed).
 */
import { qualified, type OnSchemaChange, type PlanModel, type Relation } from '../plan/plan.ts';
import type { ColumnType } from './published-columns.ts';

export interface SchemaChange {
  readonly added: readonly ColumnType[];
  readonly removed: readonly ColumnType[];
  readonly retyped: readonly { readonly name: string; readonly from: string; readonly to: string }[];
}

/** Names compare case-insensitively, as unquoted identifiers do on every engine. */
export function compareColumns(published: readonly ColumnType[], increment: readonly ColumnType[]): SchemaChange {
  const key = (name: string): string => name.toLowerCase();
  const incrementByName = new Map(increment.map((column) => [key(column.name), column]));
  const publishedNames = new Set(published.map((column) => key(column.name)));
  const retyped = published.flatMap((column) => {
    const now = incrementByName.get(key(column.name));
    return now !== undefined && now.type.toLowerCase() !== column.type.toLowerCase() ? [{ name: column.name, from: column.type, to: now.type }] : [];
  });
  return {
    added: increment.filter((column) => !publishedNames.has(key(column.name))),
    removed: published.filter((column) => !incrementByName.has(key(column.name))),
    retyped,
  };
}

export interface SchemaChangePlan {
  /** ALTERs of the staged copy, before the merge. */
  readonly alters: readonly string[];
  /** The columns the merge names, in the staged table's order. */
  readonly mergeColumns: readonly string[];
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function describe(change: SchemaChange): string {
  const parts = [
    change.added.length > 0 ? `added ${change.added.map((column) => `${column.name} (${column.type})`).join(', ')}` : '',
    change.removed.length > 0 ? `removed ${change.removed.map((column) => column.name).join(', ')}` : '',
    change.retyped.length > 0 ? `changed type of ${change.retyped.map((column) => `${column.name} (${column.from} → ${column.to})`).join(', ')}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}

/** Throws when on_schema_change refuses the change; `staged` is the copy being merged into. */
export function schemaChangePlan(model: PlanModel, staged: Relation, published: readonly ColumnType[], increment: readonly ColumnType[]): SchemaChangePlan {
  const mode: OnSchemaChange = model.config.onSchemaChange ?? 'fail';
  const change = compareColumns(published, increment);
  const shared = published.filter((column) => !change.removed.some((removed) => removed.name === column.name)).map((column) => column.name);
  const unchanged = change.added.length === 0 && change.removed.length === 0 && change.retyped.length === 0;
  if (unchanged || mode === 'ignore') return { alters: [], mergeColumns: shared };
  const where = `${model.id} (${qualified(model.relation)})`;
  if (mode === 'fail') {
    throw new Error(
      `${where}: the increment's columns differ from the published table's: ${describe(change)}. ` +
        `on_schema_change is 'fail': run with --full-refresh to rebuild it, or set on_schema_change to 'ignore', 'append_new_columns' or 'sync_all_columns'`,
    );
  }
  if (mode === 'sync_all_columns' && change.retyped.length > 0) {
    throw new Error(
      `${where}: on_schema_change 'sync_all_columns' cannot change a column's type: ${change.retyped.map((column) => `${column.name} (${column.from} → ${column.to})`).join(', ')}; run with --full-refresh to rebuild it`,
    );
  }
  const target = qualified(staged);
  const adds = change.added.map((column) => `alter table ${target} add column ${quote(column.name)} ${column.type}`);
  if (mode === 'append_new_columns') return { alters: adds, mergeColumns: [...shared, ...change.added.map((column) => column.name)] };
  const drops = change.removed.map((column) => `alter table ${target} drop column ${quote(column.name)}`);
  return { alters: [...adds, ...drops], mergeColumns: [...shared, ...change.added.map((column) => column.name)] };
}
