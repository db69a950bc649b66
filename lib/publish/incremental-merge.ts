/**
 * An incremental model's increment merged into a table holding the published rows (the staged
 * copy of the published table), by the model's `incremental_strategy` (dbt's names):
 *
 * - `delete+insert` (default): the table's rows whose unique_key matches an increment row are
 *   deleted, then the increment is inserted. `delete … using` with fully qualified column references
 *   is the form Redshift accepts (no alias on the target), and DuckDB and Postgres read it the same
 *   way. Without a unique key the increment is appended, as dbt does.
 * - `merge`: one MERGE by unique_key: matched rows are updated, the others inserted. The form is
 *   the one Redshift allows (https://docs.aws.amazon.com/redshift/latest/dg/r_MERGE.html): no
 *   alias on the target, a table (not a view or a subquery) as the source, exactly one
 *   `when matched then update` and one `when not matched then insert`, target columns in SET
 *   without the table name. DuckDB has MERGE INTO since 1.4, Postgres since 15. A source row
 *   matching the same target row twice fails on every engine, so a unique_key that is not unique
 *   in the increment is an error rather than a silent choice.
 * - `append`: the increment is inserted.
 *
 * Every insert names the columns on both sides: an increment compiled from a model whose columns
 * were reordered since the table was built would otherwise be inserted by position, each value
 * landing in its neighbour's column.
 */
import { qualified } from '../plan/plan.ts';
import type { IncrementalStrategy, PlanModel, Relation } from '../plan/plan.ts';

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function incrementalMergeStatements(model: PlanModel, increment: Relation, target: Relation, columns: readonly string[]): string[] {
  const incrementName = qualified(increment);
  const targetName = qualified(target);
  if (columns.length === 0) {
    throw new Error(`${targetName}: no columns found for the published table, so the increment ${incrementName} cannot be merged into it`);
  }
  const strategy: IncrementalStrategy = model.config.incrementalStrategy ?? 'delete+insert';
  const uniqueKey = model.config.uniqueKey ?? [];
  const names = columns.map(quote).join(', ');
  const insert = `insert into ${targetName} (${names})\nselect ${names} from ${incrementName}`;
  if (strategy === 'append') return [insert];
  if (strategy === 'merge') {
    if (uniqueKey.length === 0) throw new Error(`${model.id}: incremental_strategy 'merge' needs a unique_key to match the increment's rows with the table's`);
    const on = uniqueKey.map((column) => `${targetName}.${column} = ${incrementName}.${column}`).join('\n   and ');
    const keys = new Set(uniqueKey.map((column) => column.toLowerCase()));
    const updated = columns.filter((column) => !keys.has(column.toLowerCase()));
    // Redshift requires both clauses; a table of key columns only updates a key to itself.
    const set = (updated.length > 0 ? updated : columns).map((column) => `${quote(column)} = ${incrementName}.${quote(column)}`).join(', ');
    return [
      `merge into ${targetName}
using ${incrementName}
   on ${on}
 when matched then update set ${set}
 when not matched then insert (${names}) values (${columns.map((column) => `${incrementName}.${quote(column)}`).join(', ')})`,
    ];
  }
  if (uniqueKey.length === 0) return [insert];
  const matches = uniqueKey.map((column) => `${targetName}.${column} = ${incrementName}.${column}`).join('\n  and ');
  return [`delete from ${targetName}\nusing ${incrementName}\nwhere ${matches}`, insert];
}
