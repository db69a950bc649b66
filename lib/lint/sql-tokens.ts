/**
 * A PostgreSQL-family lexer for the token-level lint rules: comments are dropped and string
 * literals become opaque `string` tokens, so a banned word inside a comment or a quoted value
 * never fires. Quoted identifiers stay distinguishable from bare words, because a reserved word is
 * only a problem when it is not quoted.
 */

export type SqlTokenKind = 'word' | 'quoted-identifier' | 'string' | 'number' | 'symbol';

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** The token as written (strings and quoted identifiers include their quotes). */
  readonly text: string;
  /** Upper-cased text of words and symbols, used for matching; for quoted identifiers, the name inside. */
  readonly upper: string;
  /** 1-based line and column in the SQL that was lexed. */
  readonly line: number;
  readonly column: number;
}

/** Longest first, so `->>` is one token and not `->` then `>`. */
const SYMBOLS = ['->>', '#>>', '::', '->', '#>', '#-', '@>', '<@', '?|', '?&', '||', '<=', '>=', '<>', '!=', '!~*', '!~', '~*'].sort(
  (a, b) => b.length - a.length,
);

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;

export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;

  const advanceTo = (end: number): void => {
    for (let position = index; position < end && position < sql.length; position += 1) {
      if (sql[position] === '\n') {
        line += 1;
        lineStart = position + 1;
      }
    }
    index = Math.min(end, sql.length);
  };
  const push = (kind: SqlTokenKind, end: number, upper?: string): void => {
    const text = sql.slice(index, end);
    tokens.push({ kind, text, upper: upper ?? text.toUpperCase(), line, column: index - lineStart + 1 });
    advanceTo(end);
  };

  while (index < sql.length) {
    const char = sql[index] as string;
    const next = sql[index + 1];
    if (/\s/.test(char)) {
      advanceTo(index + 1);
    } else if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', index);
      advanceTo(end === -1 ? sql.length : end);
    } else if (char === '/' && next === '*') {
      advanceTo(blockCommentEnd(sql, index));
    } else if (char === "'" || ((char === 'E' || char === 'e') && next === "'")) {
      const quoteAt = char === "'" ? index : index + 1;
      push('string', quotedEnd(sql, quoteAt, "'", char !== "'"), '');
    } else if (char === '$' && dollarTag(sql, index) !== undefined) {
      const tag = dollarTag(sql, index) as string;
      const close = sql.indexOf(tag, index + tag.length);
      push('string', close === -1 ? sql.length : close + tag.length, '');
    } else if (char === '"') {
      const end = quotedEnd(sql, index, '"', false);
      push('quoted-identifier', end, sql.slice(index + 1, end - 1).replaceAll('""', '"').toUpperCase());
    } else if (DIGIT.test(char) || (char === '.' && next !== undefined && DIGIT.test(next))) {
      push('number', numberEnd(sql, index));
    } else if (WORD_START.test(char)) {
      let end = index + 1;
      while (end < sql.length && WORD_PART.test(sql[end] as string)) end += 1;
      push('word', end);
    } else {
      const symbol = SYMBOLS.find((candidate) => sql.startsWith(candidate, index)) ?? char;
      push('symbol', index + symbol.length);
    }
  }
  return tokens;
}

/** Postgres block comments nest. An unclosed comment runs to the end, as the server would read it. */
function blockCommentEnd(sql: string, start: number): number {
  let depth = 0;
  let position = start;
  while (position < sql.length) {
    if (sql.startsWith('/*', position)) {
      depth += 1;
      position += 2;
    } else if (sql.startsWith('*/', position)) {
      depth -= 1;
      position += 2;
      if (depth === 0) return position;
    } else {
      position += 1;
    }
  }
  return sql.length;
}

/** End (exclusive) of a quoted run starting at `start`; a doubled quote is an escaped quote. */
function quotedEnd(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let position = start + 1;
  while (position < sql.length) {
    const char = sql[position];
    if (backslashEscapes && char === '\\') {
      position += 2;
    } else if (char === quote) {
      if (sql[position + 1] === quote) position += 2;
      else return position + 1;
    } else {
      position += 1;
    }
  }
  return sql.length;
}

function dollarTag(sql: string, start: number): string | undefined {
  return /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(start, start + 64))?.[0];
}

function numberEnd(sql: string, start: number): number {
  const match = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(sql.slice(start));
  return start + (match?.[0].length ?? 1);
}

/** True when `token` is the bare (unquoted) word `word`, compared case-insensitively. */
export function isWord(token: SqlToken | undefined, word: string): boolean {
  return token?.kind === 'word' && token.upper === word;
}

export function isSymbol(token: SqlToken | undefined, symbol: string): boolean {
  return token?.kind === 'symbol' && token.text === symbol;
}
