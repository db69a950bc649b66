/**
 * Redshift reads a backslash in a plain `'…'` literal as an escape character, as Postgres did with
 * standard_conforming_strings off: `'it\'s'` is one string and `'C:\\dir'` holds one backslash
 * (which is why QUOTE_LITERAL "appropriately doubles any embedded single quotation marks and
 * backslashes": https://docs.aws.amazon.com/redshift/latest/dg/r_QUOTE_LITERAL.html). Postgres
 * gives backslashes that meaning in `E'…'` literals only, so a plain literal holding one is sent
 * as an E'…' literal. The lexer (sql-tokens.ts) already ends plain literals as Redshift does.
 */
import type { Token } from './sql-tokens.ts';

export function escapeStringLiterals(tokens: readonly Token[]): Token[] {
  return tokens.map((token) =>
    token.kind === 'string' && token.text.startsWith("'") && token.text.includes('\\') ? { kind: 'string', text: `E${token.text}` } : token,
  );
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The value of a literal's body (between the quotes) with Redshift's escapes: `''`, `\'`, `\\`, `\n`, `\t`, octal and hex. */
export function decodeStringBody(body: string): string {
  return body.replaceAll("''", "'").replace(/\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)/gs, (_escape, code: string) => {
    if (code.startsWith('x') && code.length > 1) return String.fromCharCode(Number.parseInt(code.slice(1), 16));
    if (/^[0-7]+$/.test(code)) return String.fromCharCode(Number.parseInt(code, 8));
    return SIMPLE_ESCAPES[code] ?? code;
  });
}
