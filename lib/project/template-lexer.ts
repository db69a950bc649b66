/**
 * Splits a template into text and tags (`{{ }}`, `{% %}`, `{# #}`), applying Jinja's whitespace
 * control (`{%-`, `-%}`, `{{-`, `-}}`, `{#-`, `-#}` strip all whitespace, newlines included, on that side).
 */
import { ProjectError } from './errors.ts';

export type TagKind = 'expression' | 'statement' | 'comment';

export type TemplateToken =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: TagKind;
      /** The tag's inside, without delimiters and whitespace-control dashes, trimmed. */
      readonly body: string;
      /** 1-based line of the opening delimiter. */
      readonly line: number;
      /** The tag as written, whitespace runs collapsed, for error messages: `{{ ref('x') }}`. */
      readonly construct: string;
    };

const TAGS = {
  '{{': { kind: 'expression', closer: '}}' },
  '{%': { kind: 'statement', closer: '%}' },
  '{#': { kind: 'comment', closer: '#}' },
} as const;

type Opener = keyof typeof TAGS;

export function tokenizeTemplate(text: string, path: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let position = 0;
  let line = 1;
  let stripNextText = false;

  const pushText = (chunk: string): void => {
    const kept = stripNextText ? chunk.replace(/^\s+/, '') : chunk;
    stripNextText = false;
    if (kept !== '') tokens.push({ kind: 'text', text: kept });
  };
  const stripPreviousText = (): void => {
    const last = tokens.at(-1);
    if (last?.kind !== 'text') return;
    const kept = last.text.replace(/\s+$/, '');
    tokens.pop();
    if (kept !== '') tokens.push({ kind: 'text', text: kept });
  };

  for (;;) {
    const start = nextOpening(text, position);
    if (start === -1) {
      pushText(text.slice(position));
      return tokens;
    }
    const before = text.slice(position, start);
    pushText(before);
    line += countNewlines(before);

    const opener = text.slice(start, start + 2) as Opener;
    const { kind, closer } = TAGS[opener];
    const end = findClosing(text, start + 2, kind, closer);
    if (end === -1) {
      throw new ProjectError(`${path}:${line}`, `'${opener}' is never closed by '${closer}'`);
    }
    let inside = text.slice(start + 2, end);
    const stripBefore = inside.startsWith('-');
    if (stripBefore) inside = inside.slice(1);
    const stripAfter = inside.endsWith('-');
    if (stripAfter) inside = inside.slice(0, -1);
    if (stripBefore) stripPreviousText();

    const written = text.slice(start, end + 2);
    if (kind !== 'comment') {
      tokens.push({ kind, body: inside.trim(), line, construct: written.replace(/\s+/g, ' ') });
    }
    stripNextText = stripAfter;
    line += countNewlines(written);
    position = end + 2;
  }
}

function nextOpening(text: string, from: number): number {
  const positions = Object.keys(TAGS)
    .map((opener) => text.indexOf(opener, from))
    .filter((index) => index !== -1);
  return positions.length === 0 ? -1 : Math.min(...positions);
}

function findClosing(text: string, from: number, kind: TagKind, closer: string): number {
  if (kind === 'comment') return text.indexOf(closer, from);
  const outsideQuotes = closingOutsideQuotes(text, from, closer);
  // An unbalanced quote inside a tag must not swallow the rest of the file: fall back to the first
  // closer and let the expression parser report the broken tag.
  return outsideQuotes === -1 ? text.indexOf(closer, from) : outsideQuotes;
}

/** Index of `closer`, skipping quoted strings so that `{{ var('x', '}}') }}` closes at the right place. */
function closingOutsideQuotes(text: string, from: number, closer: string): number {
  let quote: string | undefined;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (quote !== undefined) {
      if (char === '\\') index += 1;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (text.startsWith(closer, index)) {
      return index;
    }
  }
  return -1;
}

function countNewlines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count += 1;
  return count;
}
