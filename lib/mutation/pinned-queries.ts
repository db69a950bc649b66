/**
 * The queries whose exact result the hand-checked fixture test pins, read from the test file itself
 * so the mutation run follows the test as it grows:
 * - every `rowsOf('<schema.table>', '<order by>')` call pins `select * from <schema.table> order by …`;
 * - every `.query('<sql>')` (or a backquoted SQL without `${}`) pins that query's rows.
 * Each query reruns for a mutant when it reads a relation the mutant rebuilt.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';

export interface PinnedQuery {
  readonly sql: string;
  /** Every `schema.name` the query mentions. */
  readonly relations: readonly string[];
}

const ROWS_OF = /rowsOf\(\s*'([a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)'\s*,\s*'([^']+)'\s*\)/g;
const QUERY = /\.query\(\s*(?:'([^'\\]*)'|`([^`\\$]*)`)\s*\)/g;
const RELATION = /\b[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\b/g;

export async function pinnedQueriesOf(testFile: string, projectRoot: string): Promise<PinnedQuery[]> {
  const text = await readFile(testFile, 'utf8');
  const queries = new Set<string>();
  for (const [, relation, orderBy] of text.matchAll(ROWS_OF)) queries.add(`select * from ${relation} order by ${orderBy}`);
  for (const [, quoted, backquoted] of text.matchAll(QUERY)) queries.add((quoted ?? backquoted ?? '').trim());
  queries.delete('');
  if (queries.size === 0) {
    throw new Error(
      `${relative(projectRoot, testFile)}: no rowsOf('<schema.table>', '<order by>') or .query('<sql>') call found: the mutation run needs the rows the fixture test pins`,
    );
  }
  return [...queries].map((sql) => ({ sql, relations: [...new Set(sql.toLowerCase().match(RELATION) ?? [])] }));
}
