/**
 * The lint over the real project in sql/, compiled for Redshift: the project must be clean (every
 * model and test passes the lint, checked in CI). Should a finding appear, it is printed, and
 * each must be placed in a project file that exists, at a line that exists.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFindings } from '../../lib/lint/format-findings.ts';
import { lintPlan } from '../../lib/lint/lint-plan.ts';
import { projectSourceReader } from '../../lib/lint/project-source.ts';
import { ruleDescriptions } from '../../lib/lint/rule-registry.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('lint of the real project', () => {
  it('lints every compiled model and test, and places every finding on a real line of a real rule', async () => {
    const plan = compileProject(await loadProject(ROOT), { target: 'redshift' });
    const findings = lintPlan(plan, { readSource: projectSourceReader(ROOT) });
    console.log(formatFindings(findings));

    const rules = new Set(ruleDescriptions().map((rule) => rule.id));
    for (const finding of findings) {
      const lines = readFileSync(join(ROOT, finding.path), 'utf8').split('\n').length;
      expect(finding.line, `${finding.path}:${finding.line}`).toBeGreaterThanOrEqual(1);
      expect(finding.line, `${finding.path}:${finding.line}`).toBeLessThanOrEqual(lines);
      expect(rules.has(finding.rule), finding.rule).toBe(true);
    }
    expect(findings.map((finding) => `${finding.path}:${finding.line}: ${finding.rule}`)).toEqual([]);
  });
});
