/**
 * The incremental chain as a mutation check (lib/mutation/chain-check.ts), end to end on the
 * one-model incremental project: an increment-only mutant survives the unit tests and the fixture
 * build and dies in the chain; a table model's mutants never face it; a chain the unmutated
 * project fails judges no mutant.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportText, resultJson } from '../../lib/mutation/mutation-report.ts';
import { runMutation, type MutationRunResult } from '../../lib/mutation/mutation-run.ts';
import { TempProjects } from '../project/temp-project.ts';
import { TINY_INCREMENTAL_FILES, tinyChainSuite, tinySuite, writeTinyIncrementalProject, writeTinyProject } from './tiny-project.ts';

const roots: string[] = [];
let withoutChain: MutationRunResult;
let withChain: MutationRunResult;

beforeAll(async () => {
  const root = await writeTinyIncrementalProject();
  roots.push(root);
  withoutChain = await runMutation({ suite: tinySuite(root), seed: 1, workers: 1, allowList: [], workDir: join(root, 'work') });
  withChain = await runMutation({ suite: tinyChainSuite(root), seed: 1, workers: 2, allowList: [], workDir: join(root, 'work') });
}, 60_000);

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

const verdicts = (run: MutationRunResult): string[] =>
  run.judged.map((each) => `${each.mutant.path}:${each.mutant.line} ${each.mutant.original} → ${each.mutant.mutated}: ${each.verdict} by ${each.check ?? '?'}`);

describe('a mutation run with the incremental chain', () => {
  it('lets the increment-only mutants survive the fixture build, and the chain kills the two that break an increment, as their killer', () => {
    expect(verdicts(withoutChain)).toEqual([
      'sql/staging/stg_deals.sql:4 < → <=: killed by fixture build',
      'sql/staging/stg_deals.sql:4 < → >=: killed by fixture build',
      'sql/staging/stg_deals.sql:8 or → and: survived by fixture build',
      'sql/staging/stg_deals.sql:8 and → or: survived by fixture build',
      'sql/staging/stg_deals.sql:8 < → <=: survived by fixture build',
      'sql/staging/stg_deals.sql:8 < → >=: survived by fixture build',
      'sql/macros/undated_deals.sql:1 and → or: killed by fixture build',
      'sql/macros/undated_deals.sql:1 is null → is not null: killed by fixture build',
    ]);
    expect(verdicts(withChain)).toEqual([
      'sql/staging/stg_deals.sql:4 < → <=: killed by fixture build',
      'sql/staging/stg_deals.sql:4 < → >=: killed by fixture build',
      'sql/staging/stg_deals.sql:8 or → and: killed by incremental chain',
      'sql/staging/stg_deals.sql:8 and → or: survived by incremental chain',
      'sql/staging/stg_deals.sql:8 < → <=: survived by incremental chain',
      'sql/staging/stg_deals.sql:8 < → >=: killed by incremental chain',
      'sql/macros/undated_deals.sql:1 and → or: killed by fixture build',
      'sql/macros/undated_deals.sql:1 is null → is not null: killed by fixture build',
    ]);
    const reasons = withChain.judged.map((each) => each.reason);
    // D landed on 03-09 but was not due, so `and` left it out of the increment.
    expect(reasons[2]).toBe('incremental chain: stg_deals after 3 daily builds differs from a full refresh: 5 rows expected, 3 returned');
    // B came due on 03-10 without landing: `>=` re-derived C, D and E instead.
    expect(reasons[5]).toBe('incremental chain: stg_deals after 3 daily builds differs from a full refresh: row 2, is_overdue: expected true, returned false');
    expect(reasons[4]).toBe("same rows as the unmutated model on the fixture; the incremental chain's 3 daily builds end with the rows and test results of a full refresh");
  });

  it('mutates a macro called only in a post_hook, judged by the model whose post_hook it changes, rebuilt as a first build', () => {
    expect(withChain.macroFiles).toEqual(['sql/macros/undated_deals.sql']);
    expect(withChain.outsidePlan).toEqual([]);
    // As in the fresh build of the fixture test, landed_keys() gives every deal: `or` deletes them all.
    expect(withChain.judged.at(-2)?.reason).toBe('pinned rows of `select * from staging.stg_deals order by deal_id`: 3 rows expected, 0 returned');
    expect(withChain.judged.at(-1)?.reason).toBe('pinned rows of `select * from staging.stg_deals order by deal_id`: 3 rows expected, 1 returned');
  });

  it('names the chain as the killer in the report, and counts the kills of each check', () => {
    const text = reportText(withChain);
    expect(text).toContain(
      'Killed by the incremental chain (2): they survived the unit tests and the fixture build\n  sql/staging/stg_deals.sql:8:5 boolean-connective: "or" → "and" — incremental chain: stg_deals after 3 daily builds',
    );
    expect(text).toContain('Killed by: unit tests 0, fixture build 4, incremental chain 2');
    expect(reportText(withoutChain)).not.toContain('Killed by the incremental chain (');
    const json = JSON.parse(resultJson(withChain, {})) as { killedBy: unknown; mutants: { check?: string }[] };
    expect(json.killedBy).toEqual({ 'unit tests': 0, 'fixture build': 4, 'incremental chain': 2 });
    expect(json.mutants.map((each) => each.check)).toEqual([
      'fixture build',
      'fixture build',
      'incremental chain',
      'incremental chain',
      'incremental chain',
      'incremental chain',
      'fixture build',
      'fixture build',
    ]);
  });
});

describe('the mutants of a model that is not incremental', () => {
  it('never face the chain: a chain folder that does not exist breaks none of them', async () => {
    const root = await writeTinyProject();
    roots.push(root);
    const run = await runMutation({ suite: { ...tinySuite(root), chain: { dir: join(root, 'no-chain-here') } }, seed: 1, workers: 1, allowList: [], workDir: join(root, 'work') });
    expect(run.judged.map((each) => `${each.mutant.original} → ${each.mutant.mutated}: ${each.verdict} by ${each.check ?? '?'}`)).toEqual([
      '>= → >: killed by fixture build',
      '>= → <: killed by unit tests',
      '100 → 101: killed by fixture build',
      '100 → 99: survived by fixture build',
      '100 → 0: killed by unit tests',
    ]);
    expect(run.judged[3]?.reason).toBe('same rows as the unmutated model on the fixture');
  });
});

describe('a chain that cannot judge', () => {
  it('is a runner error on each mutant that needs it when the unmutated project fails the chain, naming the chain and the difference', async () => {
    // Re-deriving the deals due later instead of those come due, the unmutated increment leaves B not overdue.
    const comeDue = TINY_INCREMENTAL_FILES['sql/staging/stg_deals.sql'] as string;
    const dueLater = comeDue.replace('where not is_overdue and close_date <', 'where not is_overdue and close_date >');
    expect(dueLater).not.toBe(comeDue);
    const root = await new TempProjects('mutation-chain-broken').write({ ...TINY_INCREMENTAL_FILES, 'sql/staging/stg_deals.sql': dueLater });
    roots.push(root);
    const run = await runMutation({ suite: tinyChainSuite(root), select: ['stg_deals'], seed: 1, workers: 1, allowList: [], workDir: join(root, 'work') });
    const errors = run.judged.filter((each) => each.verdict === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const each of errors) {
      expect(each.reason).toBe(
        `the unmutated project fails the incremental chain (${join(root, 'test/fixtures/deal-chain')}), so no mutant can be judged by it: incremental chain: stg_deals after 3 daily builds differs from a full refresh: row 2, is_overdue: expected true, returned false`,
      );
    }
    expect(run.score.error).toBe(errors.length);
  });

  it('is a runner error naming the folder when the chain folder has no chain', async () => {
    const root = await writeTinyIncrementalProject();
    roots.push(root);
    const run = await runMutation({ suite: { ...tinySuite(root), chain: { dir: join(root, 'nowhere') } }, select: ['stg_deals'], seed: 1, workers: 1, allowList: [], workDir: join(root, 'work') });
    const chained = run.judged.filter((each) => each.mutant.line === 8);
    expect(chained.map((each) => each.verdict)).toEqual(['error', 'error', 'error', 'error']);
    expect(chained[0]?.reason).toContain(`${join(root, 'nowhere', 'chain.json')}: no incremental chain here`);
  });

  it('is a runner error naming the manifest when the chain has no days', async () => {
    const root = await writeTinyIncrementalProject();
    roots.push(root);
    const manifest = join(root, 'test/fixtures/deal-chain/chain.json');
    await writeFile(manifest, JSON.stringify({ ...JSON.parse(await readFile(manifest, 'utf8')), days: [] }));
    const run = await runMutation({ suite: tinyChainSuite(root), select: ['stg_deals'], seed: 1, workers: 1, allowList: [], workDir: join(root, 'work') });
    expect(run.judged.filter((each) => each.verdict === 'error').map((each) => each.reason)).toEqual(Array(4).fill(`${manifest}: the incremental chain has no days`));
  });
});
