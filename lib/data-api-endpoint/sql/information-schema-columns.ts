/**
 * Redshift keeps no column rows for a late-binding view (pg_get_late_binding_view_cols() lists them),
 * so its information_schema.columns leaves those views out, where SVV_COLUMNS includes them
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_COLUMNS.html,
 * https://docs.aws.amazon.com/redshift/latest/dg/PG_GET_LATE_BINDING_VIEW_COLS.html). Postgres describes
 * every view there, so a reference to it reads a view of it without the recorded late-binding views.
 */
import { INFORMATION_SCHEMA_COLUMNS_VIEW } from '../postgres/compatibility-schema.ts';
import { identifierValue, type Token } from './sql-tokens.ts';
import { isPunctuation, nextSignificant } from './token-navigation.ts';

export function rewriteInformationSchemaColumns(tokens: readonly Token[]): Token[] {
  const rewritten: Token[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    const dot = nextSignificant(tokens, index + 1);
    const name = nextSignificant(tokens, dot + 1);
    if (isIdentifier(token, 'information_schema') && isPunctuation(tokens[dot], '.') && isIdentifier(tokens[name], 'columns')) {
      rewritten.push({ kind: 'word', text: INFORMATION_SCHEMA_COLUMNS_VIEW });
      index = name;
      continue;
    }
    rewritten.push(token);
  }
  return rewritten;
}

function isIdentifier(token: Token | undefined, name: string): boolean {
  return (token?.kind === 'word' || token?.kind === 'quoted-identifier') && identifierValue(token) === name;
}
