/**
 * The model SQL as mutation operators see it: a lossless token stream over the raw template, with
 * every token's offset, in which template tags (`{{ }}`, `{% %}`, `{# #}`), comments and string
 * literals are never offered for mutation. Tags are masked before lexing, with a filler of the same
 * length, so offsets into the masked text are offsets into the raw file, and a tag inside quotes
 * (`'{{ var("run_date") }}'`) still lexes as one string.
 */
import { tokenize, type TokenKind } from '../data-api-endpoint/sql/sql-tokens.ts';

export interface StreamToken {
  readonly kind: TokenKind | 'template';
  readonly text: string;
  /** Offset of the first character in the raw file. */
  readonly start: number;
  /** Lower-case text for words, the text otherwise. */
  readonly value: string;
}

/** A control character no SQL token contains: the lexer makes each one a one-character operator. */
const MASK = '\u0001';
const TAG = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;

export class MutationSyntaxError extends Error {
  constructor(path: string, detail: string) {
    super(`${path}: cannot tokenize for mutation: ${detail}`);
    this.name = 'MutationSyntaxError';
  }
}

export function tokenStream(rawSql: string, path: string): StreamToken[] {
  const masked = rawSql.replace(TAG, (tag) => MASK.repeat(tag.length));
  let lexed;
  try {
    lexed = tokenize(masked);
  } catch (error) {
    throw new MutationSyntaxError(path, error instanceof Error ? error.message : String(error));
  }
  const tokens: StreamToken[] = [];
  let offset = 0;
  for (const token of lexed) {
    const text = rawSql.slice(offset, offset + token.text.length);
    const previous = tokens.at(-1);
    if (token.kind === 'operator' && token.text.includes(MASK)) {
      // The lexer gives one token per masked character: a run of them is one template token.
      if (previous?.kind === 'template') {
        tokens[tokens.length - 1] = { ...previous, text: previous.text + text, value: previous.value + text };
      } else {
        tokens.push({ kind: 'template', text, start: offset, value: text });
      }
    } else {
      tokens.push({ kind: token.kind, text, start: offset, value: token.kind === 'word' ? text.toLowerCase() : text });
    }
    offset += token.text.length;
  }
  return tokens;
}

/** The tokens that carry SQL meaning: no spaces and no comments (template tags stay, as opaque). */
export function significantTokens(tokens: readonly StreamToken[]): StreamToken[] {
  return tokens.filter((token) => token.kind !== 'space' && token.kind !== 'comment');
}

/** 1-based line and column of an offset. */
export function positionOf(rawSql: string, offset: number): { line: number; column: number } {
  const before = rawSql.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
