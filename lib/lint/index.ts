/** The Redshift dialect lint: what the CLI's `lint` command and the compile hook call. */
export type { LintFinding } from './lint-finding.ts';
export { lintPlan, type LintPlanOptions } from './lint-plan.ts';
export { lintSql, type LintPlace, type LineMapping, type SourceLine } from './lint-sql.ts';
export { formatFinding, formatFindings, summarizeFindings } from './format-findings.ts';
export { projectSourceReader } from './project-source.ts';
export { ruleDescriptions } from './rule-registry.ts';
