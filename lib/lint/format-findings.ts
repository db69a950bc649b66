/** Text output of the lint: one `file:line: rule: message` line per finding, then a summary. */
import type { LintFinding } from './lint-finding.ts';

export function formatFinding(finding: LintFinding): string {
  return `${finding.path}:${finding.line}: ${finding.rule}: ${finding.message}`;
}

/** Findings in file and line order, then the summary line. */
export function formatFindings(findings: readonly LintFinding[]): string {
  const ordered = [...findings].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || (a.column ?? 0) - (b.column ?? 0)));
  return [...ordered.map(formatFinding), summarizeFindings(findings)].join('\n');
}

/** `3 dialect findings in 2 files (redshift/reserved-word 2, portable/no-clock 1)`. */
export function summarizeFindings(findings: readonly LintFinding[]): string {
  if (findings.length === 0) return 'No dialect findings.';
  const files = new Set(findings.map((finding) => finding.path)).size;
  const byRule = new Map<string, number>();
  for (const finding of findings) byRule.set(finding.rule, (byRule.get(finding.rule) ?? 0) + 1);
  const counts = [...byRule.entries()]
    .sort(([ruleA, countA], [ruleB, countB]) => countB - countA || (ruleA < ruleB ? -1 : 1))
    .map(([rule, count]) => `${rule} ${count}`)
    .join(', ');
  const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
  return `${plural(findings.length, 'dialect finding')} in ${plural(files, 'file')} (${counts})`;
}
