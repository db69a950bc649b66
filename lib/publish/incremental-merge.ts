/**
 * An incremental model's increment merged into a table holding the published rows (the staged
 * copy of the published table), by the model's `incremental_strategy` (dbt's names):
 *
 * - `delete+insert` (default): the table's rows whose unique_key matches an increment row are
 *   deleted, then the increment is inserted. `delete … using` with fully qualified column references
 *   is the form Redshift accepts (no alias on the target), and DuckDB and Postgres read it the same
 *   way. Without a unique key the increment is appended, as dbt does. As in dbt, every increment row
 *   is inserted: a key repeated in the increment stays repeated (the model's `unique` test is what
 *   catches it), every published row with a key the increment has is replaced, and a null key
 *   matches nothing. When the copy was made without the rows the increment replaces
 *   (`replacedRowsLeftOut`, see unreplacedRowsSelect), only the insert is left to do.
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

/**
 * The published rows no increment row replaces by delete+insert (the same match as its delete), or
 * undefined when the model's strategy replaces none this way. A staged copy of the published table
 * (Redshift and the pipeline always; the local engines when in-place-increment.ts says so) copies
 * only these, with the same result as copying every row and deleting the replaced ones
 * (test/publish/unreplaced-rows-copy.test.ts), in one pass over the table instead of two. On
 * DuckDB a DELETE in the transaction that created the table made that commit and the publishing one
 * dear (at scale 1, fact_activities' 0.43 s and 0.68 s; 0.016 s and 0.001 s in this form); on
 * Redshift a DELETE only marks its rows, which the copy would carry into the published table until
 * a vacuum reclaims them (https://docs.aws.amazon.com/redshift/latest/dg/r_DELETE.html).
 */
export function unreplacedRowsSelect(model: PlanModel, increment: Relation, published: Relation): string | undefined {
  const uniqueKey = model.config.uniqueKey ?? [];
  if ((model.config.incrementalStrategy ?? 'delete+insert') !== 'delete+insert' || uniqueKey.length === 0) return undefined;
  const incrementName = qualified(increment);
  const publishedName = qualified(published);
  const matches = uniqueKey.map((column) => `${incrementName}.${column} = ${publishedName}.${column}`).join('\n     and ');
  return `select * from ${publishedName}\nwhere not exists (\n  select 1 from ${incrementName}\n   where ${matches}\n)`;
}

export interface MergeOptions {
  /** The target was copied from unreplacedRowsSelect: delete+insert only inserts. @default false */
  readonly replacedRowsLeftOut?: boolean;
}

export function incrementalMergeStatements(model: PlanModel, increment: Relation, target: Relation, columns: readonly string[], options: MergeOptions = {}): string[] {
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
  if (uniqueKey.length === 0 || options.replacedRowsLeftOut === true) return [insert];
  const matches = uniqueKey.map((column) => `${targetName}.${column} = ${incrementName}.${column}`).join('\n  and ');
  return [`delete from ${targetName}\nusing ${incrementName}\nwhere ${matches}`, insert];
}
