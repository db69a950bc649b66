/**
 * `npm run test:mutation -- --changed-since <rev>` in a git work tree: only the mutants of lines
 * changed since the revision are listed and run, and the report says so.
 */
import { execFileSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutationProgram } from '../../lib/mutation/mutation-command.ts';
import { TINY_FILES, writeTinyProject } from './tiny-project.ts';

const BIG_DEALS = 'sql/facts/fact_big_deals.sql';
const COMMITTED_BIG_DEALS = `${TINY_FILES[BIG_DEALS] ?? ''}  and deal_id <> 'none'\n`;
const CHANGED_LINE = ['sql/facts/fact_big_deals.sql:5:3 boolean-connective: "and" → "or"', 'sql/facts/fact_big_deals.sql:5:15 comparison: "<>" → "="'];

let root: string;
let notGit: string;

beforeAll(async () => {
  root = await writeTinyProject({
    [BIG_DEALS]: COMMITTED_BIG_DEALS,
    // Committed and left alone: none of its mutants may be listed.
    'sql/facts/fact_mid_deals.sql': `select deal_id from {{ source('crm', 'deals') }} where amount between 50 and 500\n`,
    'allow.yml': `equivalent_mutants:
  - { file: ${BIG_DEALS}, line: 4, operator: numeric-constant, original: '100', mutated: '99', reason: amounts are whole numbers }
`,
  });
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd: root, stdio: 'ignore' });
  };
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'tiny project');
  // Uncommitted: line 5 changed, and a model git does not track yet.
  await writeFile(join(root, BIG_DEALS), COMMITTED_BIG_DEALS.replace("'none'", "'void'"));
  await writeFile(join(root, 'sql/facts/fact_small_deals.sql'), `select deal_id from {{ source('crm', 'deals') }} where amount < 100\n`);
  notGit = await writeTinyProject();
});

afterAll(async () => {
  await Promise.all([root, notGit].map((dir) => rm(dir, { recursive: true, force: true })));
});

async function run(projectDir: string, ...args: string[]): Promise<{ code: number | undefined; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code: number | undefined;
  const program = mutationProgram({ out: (line) => out.push(line), err: (line) => err.push(line) }, (exit) => {
    code = exit;
  });
  program.exitOverride().configureOutput({ writeErr: (text) => err.push(text), writeOut: (text) => out.push(text) });
  await program.parseAsync(['--project-dir', projectDir, '--allow-list', 'allow.yml', ...args], { from: 'user' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function listed(out: string): string[] {
  return out.split('\n').filter((line) => line.startsWith('sql/'));
}

describe('--changed-since', () => {
  it('lists only the mutants of lines changed since the revision, and every mutant of an untracked model', async () => {
    const smallDeals = listed((await run(root, '--list', '--select', 'fact_small_deals')).out);
    expect(smallDeals).toHaveLength(5);
    const { code, out } = await run(root, '--list', '--changed-since', 'HEAD');
    expect(code).toBe(0);
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    // fact_big_deals has 7 mutants (5 on line 4), fact_mid_deals 6, fact_small_deals 5.
    expect(out.split('\n')).toEqual([
      ...CHANGED_LINE,
      ...smallDeals,
      `Restricted to lines changed since HEAD (${head.slice(0, 12)}): 7 of 18 mutants; the score is of those lines only, not of the whole models`,
      '7 mutants',
    ]);
  });

  it('samples after filtering', async () => {
    // Unfiltered, this seed's two mutants of fact_big_deals are on line 4.
    expect(listed((await run(root, '--list', '--select', 'fact_big_deals', '--sample', '2')).out)).not.toContain(CHANGED_LINE[0]);
    expect(listed((await run(root, '--list', '--select', 'fact_big_deals', '--sample', '2', '--changed-since', 'HEAD')).out)).toEqual(CHANGED_LINE);
    expect(listed((await run(root, '--list', '--select', 'fact_big_deals', '--sample', '1', '--changed-since', 'HEAD')).out)).toHaveLength(1);
  });

  it('runs only those mutants, says so in the report and the result file, and still checks the allow-list against the whole file', async () => {
    const { code, out } = await run(root, '--select', 'fact_big_deals', '--changed-since', 'HEAD', '--workers', '1');
    expect(code).toBe(0);
    expect(out).toMatch(/Restricted to lines changed since HEAD \([0-9a-f]{12}\): 2 of 7 mutants; the score is of those lines only/);
    expect(out).toContain('Score: 100.0% (killed 2, survived 0, equivalent 0, invalid 0, total 2)');
    // The allow-list's entry is for unchanged line 4: not run, and not stale either.
    expect(out).not.toContain('match no mutant');
    const result = JSON.parse(await readFile(join(root, 'target/mutation/result.json'), 'utf8'));
    expect(result.settings.changedSince).toBe('HEAD');
    expect(result.changedSince).toMatchObject({ revision: 'HEAD', mutants: 2 });
    expect(result).toMatchObject({ generated: 7, sampled: 2, run: 2, staleAllowed: [] });
    expect(result.mutants.map((mutant: { line: number }) => mutant.line)).toEqual([5, 5]);
  });

  it('exits 2 naming the revision and the project folder when git knows no such revision', async () => {
    const { code, out, err } = await run(root, '--list', '--changed-since', 'no-such-branch');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`--changed-since: git knows no commit 'no-such-branch' in ${root}`);
    expect((await run(root, '--changed-since', 'no-such-branch')).code).toBe(2);
  });

  it('exits 2 when the project folder is not in a git work tree', async () => {
    const { code, err } = await run(notGit, '--list', '--changed-since', 'HEAD');
    expect(code).toBe(2);
    expect(err).toContain(`--changed-since HEAD: ${notGit} is not in a git work tree (fatal: not a git repository`);
  });
});
