import { describe, expect, it } from 'vitest';
import { tokenizeSql } from '../../lib/lint/sql-tokens.ts';
import { TokenLocator } from '../../lib/lint/token-locator.ts';

const SQL = "select\n    count(*) filter (where a),\n    'filter (' as text,\n    sum(b) filter (where c)\nfrom t";

describe('TokenLocator', () => {
  it('finds a pattern in bare tokens only, never inside strings', () => {
    expect(new TokenLocator(tokenizeSql(SQL)).occurrences(['FILTER', '('])).toEqual([
      { line: 2, column: 14 },
      { line: 4, column: 12 },
    ]);
  });

  it('pairs the n-th node with the n-th occurrence, preferring a location the parser gave, and still advancing past it', () => {
    const cursor = new TokenLocator(tokenizeSql(SQL)).cursor(['FILTER', '(']);
    const located = { loc: { start: { line: 2, column: 5 } } };
    expect([cursor.next(located), cursor.next(), cursor.next()]).toEqual([{ line: 2, column: 5 }, { line: 4, column: 12 }, undefined]);
  });
});
