/**
 * Duplicates let through or removed: distinct dropped (select distinct, count(distinct …)) or added
 * to a count (count(x) → count(distinct x)); union all ↔ union. `select` → `select distinct` is not
 * generated: every model has a key, so over its rows that mutant is equivalent nearly everywhere
 * and would only fill the allow-list.
 */
import { endOf, isWordToken, type Edit, type MutationOperator } from './operator.ts';

export const distinct: MutationOperator = {
  name: 'distinct',
  description: 'distinct removed (select distinct, count(distinct …)) or added to a count (count(x) → count(distinct x)); union all ↔ union',
  edits(tokens) {
    return tokens.flatMap((token, index): Edit[] => {
      const next = tokens[index + 1];
      if (next === undefined) return [];
      if (isWordToken(token, 'distinct')) return [{ start: token.start, end: next.start, replacement: '' }];
      const argument = tokens[index + 2];
      if (isWordToken(token, 'count') && next.text === '(' && argument !== undefined && argument.text !== '*' && !isWordToken(argument, 'distinct')) {
        return [{ start: next.start, end: endOf(next), replacement: '(distinct ' }];
      }
      if (isWordToken(token, 'union')) {
        if (isWordToken(next, 'all')) return [{ start: token.start, end: endOf(next), replacement: 'union' }];
        return isWordToken(next, 'distinct') ? [] : [{ start: token.start, end: endOf(token), replacement: 'union all' }];
      }
      return [];
    });
  },
};
