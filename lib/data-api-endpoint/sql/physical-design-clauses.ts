import { isWord, type Token } from './sql-tokens.ts';
import { isPunctuation, matchingParenthesis, nextSignificant } from './token-navigation.ts';

const SPACE: Token = { kind: 'space', text: ' ' };

/**
 * Removes Redshift's physical-design clauses from a CREATE TABLE (or CREATE MATERIALIZED VIEW)
 * statement: table level `DISTSTYLE x`, `DISTKEY(c)`, `[COMPOUND|INTERLEAVED] SORTKEY(c, …)`,
 * `SORTKEY AUTO`, `ENCODE AUTO`, `BACKUP YES|NO`, `AUTO REFRESH YES|NO`, and column level
 * `ENCODE codec`, `DISTKEY`, `SORTKEY`. They only steer storage and distribution, never results.
 * The scan stops at the `AS` of a CREATE TABLE AS so the query itself is left untouched.
 */
export function stripPhysicalDesign(tokens: readonly Token[]): Token[] {
  const kept: Token[] = [];
  let depth = 0;
  let index = 0;
  while (index < tokens.length) {
    const token = tokens[index] as Token;
    if (depth === 0 && isWord(token, 'as')) return [...kept, ...tokens.slice(index)];
    const clauseEnd = isWord(token) ? physicalClauseEnd(tokens, index) : undefined;
    if (clauseEnd === undefined) {
      if (isPunctuation(token, '(')) depth += 1;
      if (isPunctuation(token, ')')) depth -= 1;
      kept.push(token);
      index += 1;
    } else {
      kept.push(SPACE);
      index = clauseEnd + 1;
    }
  }
  return kept;
}

/** Index of the last token of the clause starting at `start`, or undefined when none starts there. */
function physicalClauseEnd(tokens: readonly Token[], start: number): number | undefined {
  const token = tokens[start];
  const next = nextSignificant(tokens, start + 1);
  const following = tokens[next];
  if (isWord(token, 'diststyle')) return isWord(following) ? next : undefined;
  if (isWord(token, 'backup')) return isWord(following, 'yes', 'no') ? next : undefined;
  if (isWord(token, 'encode')) return isWord(following) ? next : undefined;
  if (isWord(token, 'distkey')) return isPunctuation(following, '(') ? matchingParenthesis(tokens, next) : start;
  if (isWord(token, 'compound', 'interleaved')) {
    return isWord(following, 'sortkey') ? sortKeyEnd(tokens, next) : undefined;
  }
  if (isWord(token, 'sortkey')) return sortKeyEnd(tokens, start);
  if (isWord(token, 'auto') && isWord(following, 'refresh')) {
    const value = nextSignificant(tokens, next + 1);
    return isWord(tokens[value], 'yes', 'no') ? value : undefined;
  }
  return undefined;
}

function sortKeyEnd(tokens: readonly Token[], sortKey: number): number {
  const next = nextSignificant(tokens, sortKey + 1);
  const following = tokens[next];
  if (isPunctuation(following, '(')) return matchingParenthesis(tokens, next);
  if (isWord(following, 'auto')) return next;
  return sortKey;
}
