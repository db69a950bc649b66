/** Null handling changed: is null ↔ is not null; a coalesce loses its fallback argument. */
import { endOf, isWordToken, matchingParens, parenDepths, type Edit, type MutationOperator } from './operator.ts';

export const nullCheck: MutationOperator = {
  name: 'null-check',
  description: 'is null ↔ is not null; coalesce(a, b) → (a), and a longer coalesce loses its last argument',
  edits(tokens, rawSql) {
    const parens = matchingParens(tokens);
    const depths = parenDepths(tokens);
    return tokens.flatMap((token, index): Edit[] => {
      const next = tokens[index + 1];
      const afterNext = tokens[index + 2];
      if (isWordToken(token, 'is') && isWordToken(next, 'null') && next !== undefined) {
        return [{ start: token.start, end: endOf(next), replacement: 'is not null' }];
      }
      if (isWordToken(token, 'is') && isWordToken(next, 'not') && isWordToken(afterNext, 'null') && afterNext !== undefined) {
        return [{ start: token.start, end: endOf(afterNext), replacement: 'is null' }];
      }
      const close = parens.get(index + 1);
      if (!isWordToken(token, 'coalesce') || close === undefined) return [];
      const argumentDepth = (depths[index] ?? 0) + 1;
      const commas: number[] = [];
      for (let at = index + 2; at < close; at += 1) {
        if (tokens[at]?.text === ',' && tokens[at]?.kind === 'punctuation' && depths[at] === argumentDepth) commas.push(at);
      }
      const closing = tokens[close];
      const firstComma = tokens[commas[0] ?? -1];
      const lastComma = tokens[commas.at(-1) ?? -1];
      const firstArgument = tokens[index + 2];
      if (closing === undefined || firstComma === undefined || lastComma === undefined || firstArgument === undefined) return [];
      if (commas.length === 1) {
        return [{ start: token.start, end: endOf(closing), replacement: `(${rawSql.slice(firstArgument.start, firstComma.start).trimEnd()})` }];
      }
      return [{ start: lastComma.start, end: closing.start, replacement: '' }];
    });
  },
};
