/**
 * The relations whose exact rows the hand-checked fixture test pins, read from the test file
 * itself so the mutation run follows the test as it grows: every `rowsOf('<schema.table>', '<order by>')`
 * call in it is one pinned relation, compared row for row in that order.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';

export interface PinnedRelation {
  /** `analytics.fact_deals` */
  readonly relation: string;
  /** The ORDER BY the test reads the rows in, e.g. `deal_id, change_sequence`. */
  readonly orderBy: string;
}

const ROWS_OF = /rowsOf\(\s*'([a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)'\s*,\s*'([^']+)'\s*\)/g;

export async function pinnedRelationsOf(testFile: string, projectRoot: string): Promise<PinnedRelation[]> {
  const text = await readFile(testFile, 'utf8');
  const pinned = new Map<string, PinnedRelation>();
  for (const match of text.matchAll(ROWS_OF)) {
    const [, relation, orderBy] = match as unknown as [string, string, string];
    pinned.set(relation, { relation, orderBy });
  }
  if (pinned.size === 0) {
    throw new Error(`${relative(projectRoot, testFile)}: no rowsOf('<schema.table>', '<order by>') call found: the mutation run needs the relations the fixture test pins`);
  }
  return [...pinned.values()];
}
