/** Comparisons: negated (`=` ↔ `<>`, `<` → `>=`) and boundaries shifted (`<` → `<=`, `>=` → `>`). */
import type { Edit, MutationOperator } from './operator.ts';

const REPLACEMENTS: Readonly<Record<string, readonly string[]>> = {
  '<': ['<=', '>='],
  '<=': ['<', '>'],
  '>': ['>=', '<='],
  '>=': ['>', '<'],
  '=': ['<>'],
  '<>': ['='],
  '!=': ['='],
};

export const comparison: MutationOperator = {
  name: 'comparison',
  description: 'a comparison negated or its boundary shifted: < ↔ <=, > ↔ >=, < → >=, = ↔ <>',
  edits(tokens) {
    return tokens.flatMap((token): Edit[] => {
      if (token.kind !== 'operator') return [];
      return (REPLACEMENTS[token.text] ?? []).map((replacement) => ({ start: token.start, end: token.start + token.text.length, replacement }));
    });
  },
};
