import { isSignificant, tokenize, type Token } from './sql-tokens.ts';

/**
 * The statements of one Data API `Sql` string, each as its tokens without the separating `;`.
 * Statements that are only whitespace and comments are dropped, as Redshift ignores them.
 */
export function splitStatements(sql: string): Token[][] {
  const statements: Token[][] = [];
  let current: Token[] = [];
  for (const token of tokenize(sql)) {
    if (token.kind === 'punctuation' && token.text === ';') {
      statements.push(current);
      current = [];
    } else {
      current.push(token);
    }
  }
  statements.push(current);
  return statements.filter((statement) => statement.some(isSignificant));
}
