/**
 * Finds where a construct the AST reported is written. node-sql-parser attaches locations to calls
 * only, so for everything else a rule names the tokens that spell its construct (`DISTINCT ON`,
 * `FILTER (`) and takes the n-th occurrence for the n-th node it found. That pairing is exact when
 * every occurrence of the pattern is an instance of the construct, which is how rules pick patterns.
 */
import { parserPosition, type SqlPosition } from './ast-nodes.ts';
import type { AstNode } from './ast-walker.ts';
import type { SqlToken } from './sql-tokens.ts';

/** Upper-cased words and exact symbols, matched against consecutive bare tokens. */
export type TokenPattern = readonly string[];

/** Stands for the nodes of one construct in walk order; see TokenLocator.cursor. */
export interface TokenCursor {
  next(node?: AstNode): SqlPosition | undefined;
}

export class TokenLocator {
  private readonly found = new Map<string, SqlPosition[]>();

  constructor(private readonly tokens: readonly SqlToken[]) {}

  occurrences(pattern: TokenPattern): readonly SqlPosition[] {
    const key = pattern.join(' ');
    let positions = this.found.get(key);
    if (positions === undefined) {
      positions = [];
      for (let index = 0; index + pattern.length <= this.tokens.length; index += 1) {
        if (matchesAt(this.tokens, index, pattern)) {
          const token = this.tokens[index] as SqlToken;
          positions.push({ line: token.line, column: token.column });
        }
      }
      this.found.set(key, positions);
    }
    return positions;
  }

  /**
   * A cursor over one pattern: each call to `next` stands for the next node of that construct in
   * walk order. The parser's own location wins when the node has one, but the count still advances
   * so that later nodes without a location stay paired with the right occurrence.
   */
  cursor(pattern: TokenPattern): TokenCursor {
    let taken = 0;
    return {
      next: (node?: AstNode): SqlPosition | undefined => {
        const occurrence = this.occurrences(pattern)[taken];
        taken += 1;
        return (node === undefined ? undefined : parserPosition(node)) ?? occurrence;
      },
    };
  }
}

function matchesAt(tokens: readonly SqlToken[], start: number, pattern: TokenPattern): boolean {
  return pattern.every((expected, offset) => {
    const token = tokens[start + offset];
    return token !== undefined && (token.kind === 'word' || token.kind === 'symbol') && token.upper === expected;
  });
}
