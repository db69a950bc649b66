/** Sort direction reversed: asc ↔ desc, nulls first ↔ nulls last (in ORDER BY and window orderings). */
import { endOf, isWordToken, type Edit, type MutationOperator } from './operator.ts';

const OPPOSITE: Readonly<Record<string, string>> = { asc: 'desc', desc: 'asc' };
const NULLS_OPPOSITE: Readonly<Record<string, string>> = { first: 'last', last: 'first' };

export const sortDirection: MutationOperator = {
  name: 'sort-direction',
  description: 'a sort direction reversed: asc ↔ desc, nulls first ↔ nulls last',
  edits(tokens) {
    return tokens.flatMap((token, index): Edit[] => {
      if (token.kind !== 'word') return [];
      const opposite = OPPOSITE[token.value] ?? (isWordToken(tokens[index - 1], 'nulls') ? NULLS_OPPOSITE[token.value] : undefined);
      return opposite === undefined ? [] : [{ start: token.start, end: endOf(token), replacement: opposite }];
    });
  },
};
