import { RedshiftSqlError } from './redshift-sql-error.ts';
import { isSignificant, type Token } from './sql-tokens.ts';

/** Index of the first significant token at or after `from` (tokens.length when there is none). */
export function nextSignificant(tokens: readonly Token[], from: number): number {
  let index = from;
  while (index < tokens.length && !isSignificant(tokens[index] as Token)) index += 1;
  return index;
}

/** Index of the last significant token before `before` (-1 when there is none). */
export function previousSignificant(tokens: readonly Token[], before: number): number {
  let index = before - 1;
  while (index >= 0 && !isSignificant(tokens[index] as Token)) index -= 1;
  return index;
}

export function isPunctuation(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punctuation' && token.text === text;
}

/** Index of the `)` closing the `(` at `open`. */
export function matchingParenthesis(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (isPunctuation(token, '(')) depth += 1;
    if (isPunctuation(token, ')')) {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  throw new RedshiftSqlError('unbalanced parentheses');
}

/** The significant tokens with their positions, for statements read keyword by keyword. */
export function significantTokens(tokens: readonly Token[]): { token: Token; index: number }[] {
  return tokens.flatMap((token, index) => (isSignificant(token) ? [{ token, index }] : []));
}

/** Splits `tokens` (the inside of a parenthesis) at commas that are not nested deeper. */
export function splitAtTopLevelCommas(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const token of tokens) {
    if (isPunctuation(token, '(')) depth += 1;
    if (isPunctuation(token, ')')) depth -= 1;
    if (depth === 0 && isPunctuation(token, ',')) parts.push([]);
    else parts.at(-1)?.push(token);
  }
  return parts;
}
