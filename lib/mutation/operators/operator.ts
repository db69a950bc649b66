/**
 * A mutation operator: finds the places in a model's token stream where one small,
 * syntax-preserving change applies, and says what to write there instead.
 */
import type { StreamToken } from '../sql-token-stream.ts';

/** Replace `rawSql.slice(start, end)` with `replacement`. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

export interface MutationOperator {
  /** Stable name, used in reports and in the allow-list. */
  readonly name: string;
  readonly description: string;
  /** `tokens` are the significant tokens (no spaces, no comments); `rawSql` is the whole file. */
  edits(tokens: readonly StreamToken[], rawSql: string): Edit[];
}

export function endOf(token: StreamToken): number {
  return token.start + token.text.length;
}

export function isWordToken(token: StreamToken | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && (words.length === 0 || words.includes(token.value));
}

/** For every `(` its matching `)` (both as indexes into `tokens`); unbalanced ones are left out. */
export function matchingParens(tokens: readonly StreamToken[]): Map<number, number> {
  const matches = new Map<number, number>();
  const open: number[] = [];
  tokens.forEach((token, index) => {
    if (token.kind !== 'punctuation') return;
    if (token.text === '(') open.push(index);
    if (token.text === ')') {
      const opening = open.pop();
      if (opening !== undefined) matches.set(opening, index);
    }
  });
  return matches;
}

/** Paren depth of each token (a parenthesis counts as outside the pair it delimits). */
export function parenDepths(tokens: readonly StreamToken[]): number[] {
  let depth = 0;
  return tokens.map((token) => {
    if (token.kind === 'punctuation' && token.text === ')') depth = Math.max(0, depth - 1);
    const here = depth;
    if (token.kind === 'punctuation' && token.text === '(') depth += 1;
    return here;
  });
}
