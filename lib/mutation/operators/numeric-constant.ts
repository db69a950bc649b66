/**
 * Numeric constants changed: n → n + 1, n − 1 and 0. Type parameters (`decimal(18,2)`) and
 * positional `group by 1` / `order by 1` references are not constants of the logic and are left alone.
 */
import { endOf, isWordToken, type Edit, type MutationOperator } from './operator.ts';

const TYPE_NAMES = ['decimal', 'numeric', 'varchar', 'char', 'character', 'timestamp', 'time', 'float', 'double'];

export const numericConstant: MutationOperator = {
  name: 'numeric-constant',
  description: 'a numeric constant n replaced by n + 1, n − 1 or 0 (not type parameters, not positional group/order by)',
  edits(tokens) {
    const typeParameter = (index: number): boolean => {
      for (let at = index - 1; at >= 0; at -= 1) {
        const token = tokens[at];
        if (token === undefined || token.text === ')') return false;
        if (token.text === '(') return isWordToken(tokens[at - 1], ...TYPE_NAMES);
        if (token.kind !== 'number' && token.text !== ',') return false;
      }
      return false;
    };
    return tokens.flatMap((token, index): Edit[] => {
      if (token.kind !== 'number' || /e/i.test(token.text) || typeParameter(index)) return [];
      const previous = tokens[index - 1];
      if (isWordToken(previous, 'by') || (previous?.text === ',' && positionalList(tokens, index))) return [];
      const decimals = token.text.includes('.') ? token.text.length - token.text.indexOf('.') - 1 : 0;
      const value = Number(token.text);
      const replacements = new Set([value + 1, value - 1, 0].filter((candidate) => candidate !== value).map((candidate) => format(candidate, decimals)));
      return [...replacements].map((replacement) => ({ start: token.start, end: endOf(token), replacement }));
    });
  },
};

/** A comma-separated run of plain numbers right after `group by` / `order by`. */
function positionalList(tokens: readonly { kind: string; text: string; value: string }[], index: number): boolean {
  let at = index - 1;
  while (at >= 1 && tokens[at]?.text === ',' && tokens[at - 1]?.kind === 'number') at -= 2;
  return tokens[at]?.kind === 'word' && tokens[at]?.value === 'by';
}

/** Negative values in parentheses, so that `x - 0` never becomes the comment `x --1`. */
function format(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return value < 0 ? `(${text})` : text;
}
