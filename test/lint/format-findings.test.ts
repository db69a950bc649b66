import { describe, expect, it } from 'vitest';
import { formatFindings, summarizeFindings } from '../../lib/lint/format-findings.ts';
import type { LintFinding } from '../../lib/lint/lint-finding.ts';

const finding = (path: string, line: number, rule: string, message: string): LintFinding => ({ path, line, node: `model.crm.${path}`, rule, construct: 'x', message });

describe('formatFindings', () => {
  it('prints file:line: rule: message in file and line order, then the summary', () => {
    const findings = [
      finding('sql/staging/stg_crm_users.sql', 14, 'redshift/reserved-word', 'raw is a reserved word'),
      finding('sql/facts/fact_deals.sql', 12, 'redshift/no-filter-clause', 'FILTER (WHERE …) is not supported by Redshift; use CASE inside the aggregate'),
      finding('sql/facts/fact_deals.sql', 3, 'redshift/reserved-word', 'raw is a reserved word'),
    ];
    expect(formatFindings(findings).split('\n')).toEqual([
      'sql/facts/fact_deals.sql:3: redshift/reserved-word: raw is a reserved word',
      'sql/facts/fact_deals.sql:12: redshift/no-filter-clause: FILTER (WHERE …) is not supported by Redshift; use CASE inside the aggregate',
      'sql/staging/stg_crm_users.sql:14: redshift/reserved-word: raw is a reserved word',
      '3 dialect findings in 2 files (redshift/reserved-word 2, redshift/no-filter-clause 1)',
    ]);
  });

  it('says so when there is nothing to report', () => {
    expect(formatFindings([])).toBe('No dialect findings.');
  });
});

describe('summarizeFindings', () => {
  it('uses the singular for one finding in one file', () => {
    expect(summarizeFindings([finding('sql/a.sql', 1, 'portable/no-clock', 'm')])).toBe('1 dialect finding in 1 file (portable/no-clock 1)');
  });
});
