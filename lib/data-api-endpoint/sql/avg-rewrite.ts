import { COMPATIBILITY_SCHEMA } from '../postgres/compatibility-schema.ts';
import { isWord, type Token } from './sql-tokens.ts';
import { isPunctuation, nextSignificant, previousSignificant } from './token-navigation.ts';

/** `avg(…)` → `redshift_system.avg(…)`, Redshift's return types (compatibility-schema.ts); a qualified call is left alone. */
export function rewriteAvg(tokens: readonly Token[]): Token[] {
  return tokens.map((token, index) => {
    if (!isWord(token, 'avg')) return token;
    if (isPunctuation(tokens[previousSignificant(tokens, index)], '.')) return token;
    if (!isPunctuation(tokens[nextSignificant(tokens, index + 1)], '(')) return token;
    return { kind: 'word', text: `${COMPATIBILITY_SCHEMA}.avg` };
  });
}
