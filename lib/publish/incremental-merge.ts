/**
 * The delete+insert merge of an incremental model's increment (built and audited under its
 * staging relation) into the published table. `delete … using` with fully qualified column
 * references is the form Redshift accepts (no alias on the target), and DuckDB and Postgres
 * read it the same way. `select *` relies on the increment having the full build's column
 * order, which holds because both are compiled from the same model file.
 */
import { qualified } from '../plan/plan.ts';
import type { Relation } from '../plan/plan.ts';

export function incrementalMergeStatements(
  staged: Relation,
  target: Relation,
  uniqueKey: readonly string[] | undefined,
): string[] {
  const stagedName = qualified(staged);
  const targetName = qualified(target);
  const statements: string[] = [];
  // Without a unique key an increment can only be appended, as dbt does.
  if (uniqueKey && uniqueKey.length > 0) {
    const matches = uniqueKey.map((column) => `${targetName}.${column} = ${stagedName}.${column}`).join('\n  and ');
    statements.push(`delete from ${targetName}\nusing ${stagedName}\nwhere ${matches}`);
  }
  statements.push(`insert into ${targetName}\nselect * from ${stagedName}`);
  return statements;
}
