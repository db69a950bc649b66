/**
 * Unquoted Redshift reserved words used as names (redshift-reserved-words.ts). Mostly token-level:
 * node-sql-parser keeps no trace of quoting on schema, table and alias names (`"raw".accounts` and
 * `raw.accounts` give the same tree) and both grammars accept reserved words there. Names are found
 * where only a name can stand: either side of a `.`, after AS outside a CAST, and before `AS (` (a CTE).
 * The tree adds bare column names (`select offline from …`), where it does record quoting.
 * Not found: aliases written without AS (`from t open`).
 */
import { columnReference } from '../ast-nodes.ts';
import { walkAst, type AstNode } from '../ast-walker.ts';
import { tokenPosition, type Detection, type LintRule } from '../lint-rule.ts';
import { REDSHIFT_RESERVED_WORDS, RESERVED_VALUE_KEYWORDS } from '../redshift-reserved-words.ts';
import { isSymbol, isWord, type SqlToken } from '../sql-tokens.ts';

export const reservedWord: LintRule = {
  id: 'redshift/reserved-word',
  reference: 'https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html',
  description: 'unquoted Redshift reserved words used as schema, table, column, alias or CTE names',
  check({ statements, tokens }) {
    const reported = new Map<number, string>();
    const castAs = asTokensInsideCast(tokens);
    tokens.forEach((token, index) => {
      if (!isReserved(token)) return;
      const before = tokens[index - 1];
      const after = tokens[index + 1];
      if (isSymbol(after, '.') && isNameOrStar(tokens[index + 2])) {
        reported.set(index, `${token.text}.${(tokens[index + 2] as SqlToken).text}`);
      } else if (isSymbol(before, '.') && isNameOrStar(tokens[index - 2])) {
        reported.set(index, `${(tokens[index - 2] as SqlToken).text}.${token.text}`);
      } else if (isWord(before, 'AS') && !castAs.has(index - 1)) {
        reported.set(index, `AS ${token.text}`);
      } else if (isWord(after, 'AS') && isSymbol(tokens[index + 2], '(')) {
        reported.set(index, `${token.text} AS (…)`);
      }
    });
    if (statements !== undefined) {
      for (const [index, construct] of bareColumnNames(statements, tokens, reported)) reported.set(index, construct);
    }
    return [...reported.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, construct]): Detection => {
        const token = tokens[index] as SqlToken;
        const word = token.text.toLowerCase();
        return {
          construct,
          message: `${word} is a reserved word in Redshift, so ${construct} fails there; quote it ("${word}") or rename it`,
          at: tokenPosition(token),
        };
      });
  },
};

function isReserved(token: SqlToken): boolean {
  return token.kind === 'word' && REDSHIFT_RESERVED_WORDS.has(token.upper);
}

function isNameOrStar(token: SqlToken | undefined): boolean {
  return token?.kind === 'word' || token?.kind === 'quoted-identifier' || isSymbol(token, '*');
}

/** Indices of the AS tokens that separate a CAST's value from its type (`cast(x as timestamp)`). */
function asTokensInsideCast(tokens: readonly SqlToken[]): Set<number> {
  const inside = new Set<number>();
  const opened: boolean[] = [];
  tokens.forEach((token, index) => {
    if (isSymbol(token, '(')) opened.push(isWord(tokens[index - 1], 'CAST'));
    else if (isSymbol(token, ')')) opened.pop();
    else if (isWord(token, 'AS') && opened.at(-1) === true) inside.add(index);
  });
  return inside;
}

/**
 * Unqualified, unquoted column references named by a reserved word, each paired with the next
 * bare occurrence of that word that the token checks did not already place.
 */
function bareColumnNames(statements: readonly AstNode[], tokens: readonly SqlToken[], taken: ReadonlyMap<number, string>): [number, string][] {
  const found: [number, string][] = [];
  const used = new Set(taken.keys());
  for (const { node } of walkAst(statements)) {
    const column = columnReference(node);
    if (column === undefined || column.quoted || column.qualified) continue;
    const upper = column.name.toUpperCase();
    if (!REDSHIFT_RESERVED_WORDS.has(upper) || RESERVED_VALUE_KEYWORDS.has(upper)) continue;
    const index = tokens.findIndex((token, position) => !used.has(position) && token.kind === 'word' && token.upper === upper);
    if (index === -1) continue;
    used.add(index);
    found.push([index, column.name]);
  }
  return found;
}
