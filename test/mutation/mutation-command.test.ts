/** `npm run test:mutation` on a one-model project: output, result file, exit codes. */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutationProgram } from '../../lib/mutation/mutation-command.ts';
import { writeTinyProject } from './tiny-project.ts';

let root: string;

beforeAll(async () => {
  root = await writeTinyProject({ 'allow.yml': 'equivalent_mutants: []\n' });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number | undefined; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code: number | undefined;
  const program = mutationProgram({ out: (line) => out.push(line), err: (line) => err.push(line) }, (exit) => {
    code = exit;
  });
  program.exitOverride().configureOutput({ writeErr: (text) => err.push(text), writeOut: (text) => out.push(text) });
  await program.parseAsync(['--project-dir', root, '--allow-list', 'allow.yml', ...args], { from: 'user' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the test:mutation command', () => {
  it('prints survivors and the score, writes the result file, and fails below --min-score', async () => {
    const { code, out, err } = await run('--workers', '1', '--min-score', '0.9');
    expect(out).toContain('Survived (1): no test failed\n  sql/facts/fact_big_deals.sql:4:17 numeric-constant: "100" → "99"');
    expect(out).toContain('Score: 80.0% (killed 4, survived 1, equivalent 0, invalid 0, total 5)');
    expect(out).toMatch(/ {2}facts +80\.0%/);
    expect(err).toContain('Score 80.0% is below --min-score 90.0%');
    expect(code).toBe(1);
    const result = JSON.parse(await readFile(join(root, 'target/mutation/result.json'), 'utf8'));
    expect(result.score).toMatchObject({ killed: 4, survived: 1, score: 0.8 });
    expect(result.mutants.map((mutant: { verdict: string }) => mutant.verdict)).toEqual(['killed', 'killed', 'killed', 'survived', 'killed']);
    expect(result.settings).toMatchObject({ workers: 1, minScore: 0.9, seed: 1, chain: { generate: { scale: 0.01, seed: 42, days: 10, endDate: '2026-12-03' } } });
  });

  it('reports equivalents on any data apart from those equivalent given an upstream guarantee', async () => {
    const entry = `equivalent_mutants:
  - { file: sql/facts/fact_big_deals.sql, line: 4, operator: numeric-constant, original: '100', mutated: '99', reason: amounts are whole numbers`;
    await writeFile(join(root, 'any.yml'), `${entry} }\n`);
    await writeFile(join(root, 'given.yml'), `${entry}, guarantee: amount is a whole number (test assert_whole_amounts) }\n`);
    const anyData = await run('--workers', '1', '--allow-list', 'any.yml');
    expect(anyData.out).toContain('Equivalent on any data (1, allow-listed)\n  sql/facts/fact_big_deals.sql:4:17 numeric-constant: "100" → "99" — amounts are whole numbers\n');
    expect(anyData.out).toContain('Equivalent: 1 on any data, 0 given an upstream guarantee');
    const given = await run('--workers', '1', '--allow-list', 'given.yml');
    expect(given.out).toContain(
      'Equivalent on every input upstream can produce (1, allow-listed)\n  sql/facts/fact_big_deals.sql:4:17 numeric-constant: "100" → "99" — amounts are whole numbers [given: amount is a whole number (test assert_whole_amounts)]\n',
    );
    expect(given.out).not.toContain('Equivalent on any data');
    const result = JSON.parse(await readFile(join(root, 'target/mutation/result.json'), 'utf8'));
    expect(result.equivalent).toEqual({ onAnyData: 0, givenUpstream: 1 });
    expect(result.mutants[3]).toMatchObject({ verdict: 'equivalent', guarantee: 'amount is a whole number (test assert_whole_amounts)' });
  });

  it('passes at or above --min-score (0 by default)', async () => {
    expect((await run('--sample', '2', '--seed', '5')).code).toBe(0);
  });

  it('lists the mutants without running them', async () => {
    const { code, out } = await run('--list', '--select', 'sql/facts/fact_big_deals.sql');
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      'sql/facts/fact_big_deals.sql:4:14 comparison: ">=" → ">"',
      'sql/facts/fact_big_deals.sql:4:14 comparison: ">=" → "<"',
      'sql/facts/fact_big_deals.sql:4:17 numeric-constant: "100" → "101"',
      'sql/facts/fact_big_deals.sql:4:17 numeric-constant: "100" → "99"',
      'sql/facts/fact_big_deals.sql:4:17 numeric-constant: "100" → "0"',
      '5 mutants',
    ]);
  });

  it('exits 2, naming the problem, when the allow-list is broken', async () => {
    await writeFile(join(root, 'bad.yml'), 'equivalent_mutants:\n  - { file: x.sql }\n');
    const { code, err } = await run('--allow-list', 'bad.yml');
    expect(code).toBe(2);
    expect(err).toContain(`${join(root, 'bad.yml')}: equivalent_mutants[0]: 'line' must be a line number`);
  });

  it('rejects bad option values', async () => {
    await expect(run('--min-score', '80')).rejects.toThrow("--min-score must be between 0 and 1, got '80'");
    await expect(run('--workers', '0')).rejects.toThrow("--workers must be a positive number, got '0'");
    await expect(run('--sample', 'ten')).rejects.toThrow("--sample must be a whole number, got 'ten'");
  });
});
