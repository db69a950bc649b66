/**
 * The shape of a dialect rule. Most rules read the parse tree; some read tokens because the tree
 * does not carry what they need (quoting of table names and aliases, cast targets the grammars
 * reject, `IS NOT DISTINCT FROM`, which neither grammar parses). Token checks also run on SQL that
 * no grammar accepts, so an unparseable model still gets every finding that can be made.
 */
import type { SqlPosition } from './ast-nodes.ts';
import type { AstNode } from './ast-walker.ts';
import type { SqlToken } from './sql-tokens.ts';
import type { TokenLocator } from './token-locator.ts';

export interface Detection {
  /** The construct as a reader would recognise it: `FILTER (WHERE …)`, `raw.accounts`, `::`. */
  readonly construct: string;
  /** The whole sentence after the rule id: what is wrong and what to write instead. */
  readonly message: string;
  /** In the linted SQL; undefined when the construct could not be placed (reported on line 1). */
  readonly at: SqlPosition | undefined;
}

export interface RuleInput {
  /** Undefined when no grammar parsed the SQL: tree checks are skipped, token checks still run. */
  readonly statements: readonly AstNode[] | undefined;
  readonly tokens: readonly SqlToken[];
  readonly locator: TokenLocator;
}

export interface LintRule {
  /** `redshift/…` for what Redshift lacks or treats differently, `portable/…` for what breaks another engine or a rerun. */
  readonly id: string;
  /** One line for `crm-warehouse lint --rules` and the docs. */
  readonly description: string;
  /** The Amazon Redshift reference page the rule follows (URL), shown by `crm-warehouse lint --rules`. */
  readonly reference: string;
  check(input: RuleInput): Detection[];
}

export function tokenPosition(token: SqlToken): SqlPosition {
  return { line: token.line, column: token.column };
}
