import { isWord, joinTokens, type Token } from './sql-tokens.ts';
import {
  isPunctuation,
  matchingParenthesis,
  nextSignificant,
  previousSignificant,
  splitAtTopLevelCommas,
} from './token-navigation.ts';

/**
 * `LISTAGG([DISTINCT] expr [, delimiter]) [WITHIN GROUP (ORDER BY …)]` →
 * `string_agg([DISTINCT] cast(expr as varchar), delimiter [ORDER BY …])`. Postgres' `WITHIN GROUP`
 * is only for ordered-set aggregates, and `string_agg` wants text and an explicit delimiter
 * (Redshift's default is none). The window form (`… OVER (…)`) is not rewritten: Postgres has no
 * ordered window aggregates.
 */
export function rewriteListagg(tokens: readonly Token[]): Token[] {
  const output: Token[] = [];
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index] as Token;
    const open = nextSignificant(tokens, index + 1);
    const isCall =
      isWord(token, 'listagg') &&
      isPunctuation(tokens[open], '(') &&
      !isPunctuation(tokens[previousSignificant(tokens, index)], '.');
    if (!isCall) {
      output.push(token);
      index += 1;
      continue;
    }
    const close = matchingParenthesis(tokens, open);
    const withinGroup = readWithinGroup(tokens, close + 1);
    const [expression = [], delimiter] = splitAtTopLevelCommas(rewriteListagg(tokens.slice(open + 1, close)));
    const distinct = leadingDistinct(expression);
    const orderBy = withinGroup === undefined ? '' : ` ${joinTokens(rewriteListagg(withinGroup.orderBy))}`;
    const text =
      `string_agg(${distinct.keyword}cast(${joinTokens(distinct.rest).trim()} as varchar), ` +
      `${delimiter === undefined ? "''" : joinTokens(delimiter).trim()}${orderBy})`;
    output.push({ kind: 'word', text });
    index = withinGroup === undefined ? close + 1 : withinGroup.end + 1;
  }
  return output;
}

function leadingDistinct(expression: readonly Token[]): { keyword: string; rest: readonly Token[] } {
  const first = nextSignificant(expression, 0);
  if (!isWord(expression[first], 'distinct')) return { keyword: '', rest: expression };
  return { keyword: 'distinct ', rest: expression.slice(first + 1) };
}

/** `WITHIN GROUP (ORDER BY …)` after a call: the `ORDER BY …` tokens and the index of its `)`. */
function readWithinGroup(tokens: readonly Token[], from: number): { orderBy: Token[]; end: number } | undefined {
  const within = nextSignificant(tokens, from);
  if (!isWord(tokens[within], 'within')) return undefined;
  const group = nextSignificant(tokens, within + 1);
  const open = nextSignificant(tokens, group + 1);
  if (!isWord(tokens[group], 'group') || !isPunctuation(tokens[open], '(')) return undefined;
  const close = matchingParenthesis(tokens, open);
  return { orderBy: tokens.slice(open + 1, close), end: close };
}
