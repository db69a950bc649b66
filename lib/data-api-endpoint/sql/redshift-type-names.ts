import { isWord, type Token } from './sql-tokens.ts';
import { isPunctuation, nextSignificant, previousSignificant } from './token-navigation.ts';

const CHARACTER_TYPES = ['varchar', 'nvarchar', 'char', 'nchar', 'character', 'varying', 'bpchar'];
const RENAMED: Readonly<Record<string, string>> = { nvarchar: 'varchar', nchar: 'char' };
/** Redshift's `MAX` length of character types, in bytes. */
const REDSHIFT_MAX_LENGTH = '65535';

/** Redshift's length of a VARCHAR or BPCHAR declared without one (https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html). */
const REDSHIFT_DEFAULT_LENGTH = '256';
const UNBOUNDED_IN_POSTGRES = ['varchar', 'nvarchar', 'varying', 'bpchar'];

/**
 * `VARCHAR(MAX)` → `varchar(65535)`, `NVARCHAR` → `varchar`, `NCHAR` → `char`; a bare `varchar`,
 * `character varying` or `nvarchar` → `varchar(256)` and a bare `bpchar` → `char(256)`.
 */
export function rewriteTypeNames(tokens: readonly Token[]): Token[] {
  const rewritten = tokens.map((token) => {
    const renamed = token.kind === 'word' ? RENAMED[token.text.toLowerCase()] : undefined;
    return renamed === undefined ? token : { kind: 'word' as const, text: renamed };
  });
  tokens.forEach((token, index) => {
    if (!isWord(token, ...CHARACTER_TYPES)) return;
    const open = nextSignificant(tokens, index + 1);
    if (!isPunctuation(tokens[open], '(')) {
      if (isWord(token, ...UNBOUNDED_IN_POSTGRES) && !isPunctuation(tokens[previousSignificant(tokens, index)], '.')) {
        const name = isWord(token, 'bpchar') ? 'char' : (rewritten[index] as Token).text;
        rewritten[index] = { kind: 'word', text: `${name}(${REDSHIFT_DEFAULT_LENGTH})` };
      }
      return;
    }
    const length = nextSignificant(tokens, open + 1);
    const close = nextSignificant(tokens, length + 1);
    if (isWord(tokens[length], 'max') && isPunctuation(tokens[close], ')')) {
      rewritten[length] = { kind: 'number', text: REDSHIFT_MAX_LENGTH };
    }
  });
  return rewritten;
}
