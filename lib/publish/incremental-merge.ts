/**
 * The delete+insert merge of an incremental model's increment into a table holding the published
 * rows: the published table itself (local runner, at publish time) or its staged copy (pipeline,
 * at build time). `delete … using` with fully qualified column references is the form Redshift
 * accepts (no alias on the target), and DuckDB and Postgres read it the same way.
 *
 * The insert names the published table's columns (published-columns.ts) on both sides: an
 * increment compiled from a model whose columns were reordered since the table was built would
 * otherwise be inserted by position, each value landing in its neighbour's column.
 */
import { qualified } from '../plan/plan.ts';
import type { Relation } from '../plan/plan.ts';

export function incrementalMergeStatements(
  increment: Relation,
  target: Relation,
  uniqueKey: readonly string[] | undefined,
  columns: readonly string[],
): string[] {
  const incrementName = qualified(increment);
  const targetName = qualified(target);
  if (columns.length === 0) {
    throw new Error(`${targetName}: no columns found for the published table, so the increment ${incrementName} cannot be merged into it`);
  }
  const statements: string[] = [];
  // Without a unique key an increment can only be appended, as dbt does.
  if (uniqueKey && uniqueKey.length > 0) {
    const matches = uniqueKey.map((column) => `${targetName}.${column} = ${incrementName}.${column}`).join('\n  and ');
    statements.push(`delete from ${targetName}\nusing ${incrementName}\nwhere ${matches}`);
  }
  const names = columns.map((column) => `"${column.replaceAll('"', '""')}"`).join(', ');
  statements.push(`insert into ${targetName} (${names})\nselect ${names} from ${incrementName}`);
  return statements;
}
