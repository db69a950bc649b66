/**
 * A lexer for the SQL the local Data API endpoint receives. It knows just enough of Redshift's
 * lexical rules (strings with backslash escapes, E'' strings, dollar quotes, quoted identifiers, nested block comments,
 * `::` casts versus `:name` Data API parameters) that rewrites never touch text inside a literal
 * or a comment. Joining every token's text gives back the input exactly.
 */
import { decodeStringBody } from './backslash-strings.ts';
import { RedshiftSqlError } from './redshift-sql-error.ts';

export type TokenKind =
  | 'word'
  | 'quoted-identifier'
  | 'string'
  | 'number'
  | 'parameter'
  | 'punctuation'
  | 'operator'
  | 'space'
  | 'comment';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
const SPACE = /\s/;
const PUNCTUATION = new Set(['(', ')', ',', ';', '.', '[', ']']);
const OPERATOR_CHARS = /[+\-*/<>=~!@#%^&|`?:]/;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const push = (kind: TokenKind, end: number): void => {
    tokens.push({ kind, text: sql.slice(index, end) });
    index = end;
  };
  while (index < sql.length) {
    const char = sql[index] as string;
    const next = sql[index + 1];
    if (SPACE.test(char)) {
      push('space', scanWhile(sql, index, (c) => SPACE.test(c)));
    } else if (char === '-' && next === '-') {
      const newline = sql.indexOf('\n', index);
      push('comment', newline === -1 ? sql.length : newline);
    } else if (char === '/' && next === '*') {
      push('comment', blockCommentEnd(sql, index));
    } else if (char === "'") {
      // Redshift: a backslash escapes the next character in a plain literal too (backslash-strings.ts).
      push('string', quotedEnd(sql, index, "'", true));
    } else if ((char === 'E' || char === 'e') && next === "'") {
      push('string', quotedEnd(sql, index + 1, "'", true));
    } else if (char === '"') {
      push('quoted-identifier', quotedEnd(sql, index, '"', false));
    } else if (char === '$' && dollarTag(sql, index) !== undefined) {
      push('string', dollarQuotedEnd(sql, index, dollarTag(sql, index) as string));
    } else if (char === ':' && next !== undefined && WORD_START.test(next) && sql[index - 1] !== ':') {
      push('parameter', scanWhile(sql, index + 1, (c) => WORD_PART.test(c)));
    } else if (DIGIT.test(char) || (char === '.' && next !== undefined && DIGIT.test(next))) {
      push('number', numberEnd(sql, index));
    } else if (WORD_START.test(char)) {
      push('word', scanWhile(sql, index, (c) => WORD_PART.test(c)));
    } else if (PUNCTUATION.has(char)) {
      push('punctuation', index + 1);
    } else if (char === ':') {
      push('operator', index + 1);
    } else if (OPERATOR_CHARS.test(char)) {
      push('operator', scanWhile(sql, index, (c) => OPERATOR_CHARS.test(c) && c !== ':'));
    } else {
      push('operator', index + 1);
    }
  }
  return mergeCasts(tokens);
}

function scanWhile(sql: string, from: number, accept: (char: string) => boolean): number {
  let end = from;
  while (end < sql.length && accept(sql[end] as string)) end += 1;
  return end;
}

function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < sql.length) {
    if (sql.startsWith('/*', index)) {
      depth += 1;
      index += 2;
    } else if (sql.startsWith('*/', index)) {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else {
      index += 1;
    }
  }
  throw new RedshiftSqlError('unterminated /* comment');
}

/** End of a quoted run starting at `start` (the opening quote); a doubled quote is an escaped quote. */
function quotedEnd(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let index = start + 1;
  while (index < sql.length) {
    const char = sql[index];
    if (backslashEscapes && char === '\\') {
      index += 2;
    } else if (char === quote) {
      if (sql[index + 1] === quote) index += 2;
      else return index + 1;
    } else {
      index += 1;
    }
  }
  throw new RedshiftSqlError(quote === "'" ? 'unterminated quoted string' : 'unterminated quoted identifier');
}

function dollarTag(sql: string, start: number): string | undefined {
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(start, start + 64));
  return match?.[0];
}

function dollarQuotedEnd(sql: string, start: number, tag: string): number {
  const close = sql.indexOf(tag, start + tag.length);
  if (close === -1) throw new RedshiftSqlError('unterminated dollar-quoted string');
  return close + tag.length;
}

function numberEnd(sql: string, start: number): number {
  const match = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(sql.slice(start));
  return start + (match?.[0].length ?? 1);
}

/** The operator scan stops at ':' so that `::` stays one token and `:name` stays a parameter. */
function mergeCasts(tokens: Token[]): Token[] {
  const merged: Token[] = [];
  for (const token of tokens) {
    const previous = merged.at(-1);
    if (token.text === ':' && previous?.text === ':') {
      merged[merged.length - 1] = { kind: 'operator', text: '::' };
    } else {
      merged.push(token);
    }
  }
  return merged;
}

export function isSignificant(token: Token): boolean {
  return token.kind !== 'space' && token.kind !== 'comment';
}

export function isWord(token: Token | undefined, ...words: string[]): boolean {
  if (token?.kind !== 'word') return false;
  const lower = token.text.toLowerCase();
  return words.length === 0 || words.includes(lower);
}

export function joinTokens(tokens: readonly Token[]): string {
  return tokens.map((token) => token.text).join('');
}

/** The value of a `'…'` string token, its backslash escapes decoded as Redshift does. */
export function stringValue(token: Token): string {
  if (token.kind !== 'string' || !token.text.startsWith("'")) {
    throw new RedshiftSqlError(`expected a quoted string, found ${token.text}`);
  }
  return decodeStringBody(token.text.slice(1, -1));
}

/** An identifier as Postgres resolves it: unquoted names fold to lower case. */
export function identifierValue(token: Token): string {
  if (token.kind === 'quoted-identifier') return token.text.slice(1, -1).replaceAll('""', '"');
  if (token.kind === 'word') return token.text.toLowerCase();
  throw new RedshiftSqlError(`expected an identifier, found ${token.text}`);
}
