/** Boolean connectives swapped: and ↔ or (never the `and` of `between … and …`). */
import { endOf, parenDepths, type Edit, type MutationOperator } from './operator.ts';

export const booleanConnective: MutationOperator = {
  name: 'boolean-connective',
  description: 'a boolean connective swapped: and ↔ or (the and of between … and … is left alone)',
  edits(tokens) {
    const depths = parenDepths(tokens);
    const openBetweens = new Set<number>();
    return tokens.flatMap((token, index): Edit[] => {
      if (token.kind !== 'word') return [];
      const depth = depths[index] ?? 0;
      if (token.value === 'between') openBetweens.add(depth);
      if (token.value === 'and' && openBetweens.delete(depth)) return [];
      if (token.value === 'and') return [{ start: token.start, end: endOf(token), replacement: 'or' }];
      if (token.value === 'or') return [{ start: token.start, end: endOf(token), replacement: 'and' }];
      return [];
    });
  },
};
