/**
 * dbt's console lines for `source freshness`: `1 of 8 START freshness of crm.deals ... [RUN]`, then
 * `PASS`, `WARN`, `ERROR STALE` (stale past error_after, or no data) or `ERROR` (the query failed),
 * then a summary with every warning and error and `Done. PASS=… WARN=… ERROR=… SKIP=… TOTAL=…`.
 */
import type { FreshnessCheck } from './check-source-freshness.ts';
import type { FreshnessResult, FreshnessResultStatus } from './freshness-records.ts';

const WIDTH = 80;
const MINIMUM_DOTS = 3;

const WORD: Readonly<Record<FreshnessResultStatus, string>> = {
  pass: 'PASS',
  warn: 'WARN',
  error: 'ERROR STALE',
  'runtime error': 'ERROR',
};

function dotted(position: string, word: string, text: string, bracket: string): string {
  const visible = `${position} ${word} ${text}`;
  return `${visible} ${'.'.repeat(Math.max(MINIMUM_DOTS, WIDTH - visible.length - 1))} [${bracket}]`;
}

export function freshnessStartLine(name: string, index: number, total: number): string {
  return dotted(`${index} of ${total}`, 'START', `freshness of ${name}`, 'RUN');
}

export function freshnessResultLine(result: FreshnessResult, index: number, total: number): string {
  const word = WORD[result.status];
  return dotted(`${index} of ${total}`, word, `freshness of ${result.name}`, `${word} in ${result.seconds.toFixed(2)}s`);
}

export function freshnessSummaryLines(check: FreshnessCheck, elapsedSeconds: number): string[] {
  const count = (status: FreshnessResultStatus): number => check.results.filter((result) => result.status === status).length;
  const problems = check.results.filter((result) => result.status !== 'pass');
  const lines = ['', `Finished running ${check.results.length} source${check.results.length === 1 ? '' : 's'} in ${elapsedSeconds.toFixed(2)}s.`];
  if (check.skipped.length > 0) lines.push(`Skipped (no freshness in sources.yml): ${check.skipped.join(', ')}`);
  for (const result of problems) lines.push('', `${WORD[result.status]} freshness of ${result.name}:`, `  ${result.message ?? ''}`);
  const errors = count('error') + count('runtime error');
  lines.push('', `Done. PASS=${count('pass')} WARN=${count('warn')} ERROR=${errors} SKIP=${check.skipped.length} TOTAL=${check.results.length + check.skipped.length}`);
  return lines;
}
