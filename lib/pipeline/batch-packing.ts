/**
 * Packs groups of statements into Data API batches (at most 40 statements each) without ever
 * splitting a group: a group is what must commit together (one model's build, one day's replace),
 * so it always lands in one batch, one transaction. Groups keep their order, so a model still
 * runs after the models it reads.
 */
import { MAX_BATCH_STATEMENTS, checkTransactionFits } from '../engines/redshift-data/batch-limits.ts';

export interface StatementGroup<Key> {
  readonly key: Key;
  readonly sqls: readonly string[];
}

export interface PackedBatch<Key> {
  readonly sqls: readonly string[];
  /** The groups in this batch, each with the index of its first statement. */
  readonly groups: readonly { readonly key: Key; readonly start: number; readonly count: number }[];
}

export function packGroups<Key>(groups: readonly StatementGroup<Key>[], limit = MAX_BATCH_STATEMENTS): PackedBatch<Key>[] {
  const batches: { sqls: string[]; groups: { key: Key; start: number; count: number }[] }[] = [];
  for (const group of groups) {
    if (group.sqls.length === 0) continue;
    checkTransactionFits(group.sqls);
    let current = batches.at(-1);
    if (current === undefined || current.sqls.length + group.sqls.length > limit) {
      current = { sqls: [], groups: [] };
      batches.push(current);
    }
    current.groups.push({ key: group.key, start: current.sqls.length, count: group.sqls.length });
    current.sqls.push(...group.sqls);
  }
  return batches;
}
