/** Runs the whole lint on one SQL text, as a model at `sql/facts/fact_x.sql`, and shows findings as the CLI prints them. */
import { formatFinding } from '../../lib/lint/format-findings.ts';
import { lintSql } from '../../lib/lint/lint-sql.ts';

export const PLACE = { path: 'sql/facts/fact_x.sql', node: 'model.crm.fact_x' } as const;

/** Every finding of every rule, formatted. */
export function lintLines(sql: string): string[] {
  return lintSql(sql, PLACE).map(formatFinding);
}

/** The findings of one rule, formatted. */
export function ruleLines(sql: string, rule: string): string[] {
  return lintSql(sql, PLACE)
    .filter((finding) => finding.rule === rule)
    .map(formatFinding);
}

/** `sql/facts/fact_x.sql:LINE: RULE: MESSAGE` */
export function line(lineNumber: number, rule: string, message: string): string {
  return `${PLACE.path}:${lineNumber}: ${rule}: ${message}`;
}
