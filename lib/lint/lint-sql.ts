/**
 * Lints one compiled statement: tokens for the token checks, a parse for the tree checks, every
 * rule of the registry, and each detection turned into a finding placed in the source file.
 */
import type { LintFinding } from './lint-finding.ts';
import type { Detection } from './lint-rule.ts';
import { parseSql, type ParseFailure } from './parse-sql.ts';
import { LINT_RULES, UNPARSEABLE_RULE } from './rule-registry.ts';
import { tokenizeSql } from './sql-tokens.ts';
import { TokenLocator } from './token-locator.ts';

export interface LintPlace {
  /** Project-relative file the finding names. */
  readonly path: string;
  /** Plan node id. */
  readonly node: string;
}

export interface SourceLine {
  readonly line: number;
  /** The compiled line is the source line unchanged, so a compiled column is also a source column. */
  readonly exact: boolean;
}

/** From a line of the linted SQL to the line of the file in `place.path`. */
export type LineMapping = (compiledLine: number) => SourceLine;

const SAME_LINES: LineMapping = (line) => ({ line, exact: true });

export function lintSql(sql: string, place: LintPlace, mapLine: LineMapping = SAME_LINES): LintFinding[] {
  const tokens = tokenizeSql(sql);
  const parsed = parseSql(sql);
  const input = { statements: parsed.ok ? parsed.statements : undefined, tokens, locator: new TokenLocator(tokens) };
  const findings: LintFinding[] = [];
  const add = (rule: string, detection: Detection): void => {
    const source = mapLine(detection.at?.line ?? 1);
    findings.push({
      path: place.path,
      line: source.line,
      ...(source.exact && detection.at !== undefined ? { column: detection.at.column } : {}),
      node: place.node,
      rule,
      construct: detection.construct,
      message: detection.message,
    });
  };
  if (!parsed.ok) add(UNPARSEABLE_RULE.id, unparseable(parsed.failures, mapLine));
  for (const rule of LINT_RULES) {
    for (const detection of rule.check(input)) add(rule.id, detection);
  }
  return findings.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

function unparseable(failures: readonly ParseFailure[], mapLine: LineMapping): Detection {
  // A grammar that stopped at a place says more than one that crashed; Redshift's is the one that matters.
  const failure = failures.find((candidate) => candidate.line !== undefined) ?? failures[0];
  const where = failure?.line === undefined ? '' : ` at line ${mapLine(failure.line).line}`;
  const why = failure === undefined ? 'no parser ran' : `${failure.grammar} grammar: ${briefParserMessage(failure.message)}${where}`;
  return {
    construct: 'unparseable SQL',
    message: `node-sql-parser's Redshift and PostgreSQL grammars both reject this SQL (${why}), so only the token checks could run; write it in plain SELECT syntax`,
    at: failure?.line === undefined || failure.column === undefined ? undefined : { line: failure.line, column: failure.column },
  };
}

/** Peggy lists every token it expected; the part worth reading is what it found. */
function briefParserMessage(message: string): string {
  const found = /but (.+) found\.?$/.exec(message);
  return found === null ? message : `unexpected ${found[1]}`;
}
