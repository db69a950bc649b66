/**
 * Parses compiled SQL with node-sql-parser: Redshift's grammar first, PostgreSQL's when that one
 * fails. The fallback exists because the Redshift grammar has gaps where the PostgreSQL one does
 * not (it throws a ReferenceError on `string_agg`, for one), and a construct we must report is
 * better found in a PostgreSQL tree than not at all. Neither grammar is an oracle for what Redshift
 * accepts: both parse `FILTER (WHERE …)` and `DISTINCT ON`, so the rules inspect the tree.
 */
import postgresql from 'node-sql-parser/build/postgresql.js';
import redshift from 'node-sql-parser/build/redshift.js';
import type { AstNode } from './ast-walker.ts';

export type Grammar = 'Redshift' | 'PostgresQL';

export interface ParseFailure {
  readonly grammar: Grammar;
  readonly message: string;
  /** Where the grammar stopped, in the parsed SQL; absent when the parser crashed instead of rejecting. */
  readonly line?: number;
  readonly column?: number;
}

export type ParsedSql =
  | { readonly ok: true; readonly grammar: Grammar; readonly statements: readonly AstNode[] }
  | { readonly ok: false; readonly failures: readonly ParseFailure[] };

// Parsers are stateless between calls; building them once saves re-creating the grammar objects.
const PARSERS: readonly { readonly grammar: Grammar; readonly parser: redshift.Parser }[] = [
  { grammar: 'Redshift', parser: new redshift.Parser() },
  { grammar: 'PostgresQL', parser: new postgresql.Parser() },
];

export function parseSql(sql: string): ParsedSql {
  const failures: ParseFailure[] = [];
  for (const { grammar, parser } of PARSERS) {
    try {
      const ast: unknown = parser.astify(sql, { database: grammar, parseOptions: { includeLocations: true } });
      const statements = (Array.isArray(ast) ? ast : [ast]) as AstNode[];
      return { ok: true, grammar, statements };
    } catch (error) {
      failures.push(parseFailure(grammar, error));
    }
  }
  return { ok: false, failures };
}

function parseFailure(grammar: Grammar, error: unknown): ParseFailure {
  const message = error instanceof Error ? error.message : String(error);
  const location = (error as { location?: { start?: { line?: unknown; column?: unknown } } } | undefined)?.location?.start;
  if (typeof location?.line === 'number' && typeof location.column === 'number') {
    return { grammar, message, line: location.line, column: location.column };
  }
  return { grammar, message };
}
