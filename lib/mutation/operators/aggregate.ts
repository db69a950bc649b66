/** Aggregates swapped (also as window functions): sum → max, max → min, min → max, avg → sum, count(x) → count(*). */
import { endOf, isWordToken, matchingParens, type Edit, type MutationOperator } from './operator.ts';

const SWAPS: Readonly<Record<string, string>> = { sum: 'max', max: 'min', min: 'max', avg: 'sum' };

export const aggregate: MutationOperator = {
  name: 'aggregate',
  description: 'an aggregate swapped: sum → max, max → min, min → max, avg → sum; count(x) → count(*) (nulls counted)',
  edits(tokens) {
    const parens = matchingParens(tokens);
    return tokens.flatMap((token, index): Edit[] => {
      const open = tokens[index + 1];
      if (token.kind !== 'word' || open?.text !== '(' || open.kind !== 'punctuation') return [];
      const swap = SWAPS[token.value];
      if (swap !== undefined) return [{ start: token.start, end: endOf(token), replacement: swap }];
      const close = parens.get(index + 1);
      const first = tokens[index + 2];
      if (token.value !== 'count' || close === undefined || first === undefined || first.text === '*' || isWordToken(first, 'distinct')) return [];
      return [{ start: open.start, end: endOf(tokens[close] ?? open), replacement: '(*)' }];
    });
  },
};
