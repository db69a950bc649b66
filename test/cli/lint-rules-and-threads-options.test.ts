/** `lint --rules` lists the rules with their references; `--threads` below 1 is a usage error. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ruleDescriptions } from '../../lib/lint/rule-registry.ts';
import { runCli } from './cli-harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = resolve(ROOT, 'bin/crm-warehouse.ts');

describe('crm-warehouse lint --rules', () => {
  it('lists every rule with its description and Redshift reference, and lints nothing', async () => {
    const listed = await runCli(['lint', '--rules', '--project-dir', '/nonexistent-project']);
    expect(listed.code, listed.err).toBe(0);
    const rules = ruleDescriptions();
    expect(listed.out.split('\n')).toEqual([
      `${rules.length} dialect rules:`,
      ...rules.flatMap((rule) => [rule.id, `    ${rule.description}`, `    ${rule.reference}`]),
    ]);
    expect(listed.out).toContain('portable/avg-of-doubles-only\n');
    expect(listed.out).toContain('https://docs.aws.amazon.com/redshift/latest/dg/r_AVG.html');
  });
});

/**
 * The real CLI in a child process: option parsing exits through commander, which calls
 * process.exit in a subcommand, so only a process shows the exit code a shell sees.
 */
function runCliProcess(args: readonly string[]): { code: number | null; err: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: result.status, err: result.stderr };
}

describe('--threads', () => {
  for (const value of ['0', '-2', '1.5', 'four']) {
    it(`refuses --threads '${value}' at option parsing with exit code 2`, () => {
      const run = runCliProcess(['run', '--project-dir', '/nonexistent-project', `--threads=${value}`]);
      expect(run.err).toContain(`--threads takes a whole number of at least 1, got '${value}'`);
      expect(run.code).toBe(2);
    });
  }

  it('accepts 1: the run then fails for its own reason (no project there), not for --threads', () => {
    const run = runCliProcess(['run', '--project-dir', '/nonexistent-project', '--threads', '1']);
    expect(run.err).not.toContain('--threads');
    expect(run.code).toBe(2);
  });
});
