/**
 * Redshift's MERGE is narrower than Postgres' (https://docs.aws.amazon.com/redshift/latest/dg/r_MERGE.html):
 *
 *     MERGE INTO target_table USING source_table [ [ AS ] alias ] ON match_condition
 *     [ WHEN MATCHED THEN { UPDATE SET col_name = { expr } [,...] | DELETE }
 *       WHEN NOT MATCHED THEN INSERT [ ( col_name [,...] ) ] VALUES ( { expr } [, ...] ) | REMOVE DUPLICATES ]
 *
 * so the endpoint, running on Postgres, refuses what Redshift would: an alias on the target, a
 * subquery as the source ("source_table can't be a view or a subquery"; a view as the source is
 * not checked, the endpoint having no catalog at this stage), a condition on a WHEN clause, and a
 * MERGE without exactly one WHEN MATCHED followed by one WHEN NOT MATCHED (or REMOVE DUPLICATES).
 */
import { RedshiftSqlError } from './redshift-sql-error.ts';
import { isWord, type Token } from './sql-tokens.ts';
import { isPunctuation, significantTokens } from './token-navigation.ts';

/** Throws a RedshiftSqlError naming the part Redshift does not accept; statements other than MERGE pass. */
export function checkMergeForm(tokens: readonly Token[]): void {
  const words = significantTokens(tokens).map(({ token }) => token);
  if (!isWord(words[0], 'merge')) return;
  if (!isWord(words[1], 'into')) throw new RedshiftSqlError('MERGE must be followed by INTO');
  let position = skipRelationName(words, 2);
  if (!isWord(words[position], 'using')) {
    throw new RedshiftSqlError('MERGE: the target table cannot have an alias on Redshift (MERGE INTO target_table USING source_table …)');
  }
  position += 1;
  if (isPunctuation(words[position], '(')) throw new RedshiftSqlError("MERGE: the source can't be a subquery on Redshift; use a table");
  const clauses: string[] = [];
  for (let index = position; index < words.length; index += 1) {
    if (isWord(words[index], 'remove') && isWord(words[index + 1], 'duplicates')) clauses.push('remove duplicates');
    if (!isWord(words[index], 'when')) continue;
    const negated = isWord(words[index + 1], 'not');
    const then = words[index + (negated ? 3 : 2)];
    if (!isWord(then, 'then')) throw new RedshiftSqlError('MERGE: a WHEN clause cannot have a condition on Redshift (WHEN [NOT] MATCHED THEN …)');
    clauses.push(negated ? 'not matched' : 'matched');
  }
  const form = clauses.join(', ');
  if (form !== 'matched, not matched' && form !== 'remove duplicates') {
    throw new RedshiftSqlError(`MERGE: Redshift needs one WHEN MATCHED clause followed by one WHEN NOT MATCHED clause, or REMOVE DUPLICATES; got ${form === '' ? 'none' : form}`);
  }
}

/** Past `name`, `schema.name` or `db.schema.name`, quoted or not. */
function skipRelationName(words: readonly Token[], start: number): number {
  let position = start + 1;
  while (isPunctuation(words[position], '.')) position += 2;
  return position;
}
