/** End to end on a one-model project: mutants generated, run against the model tests and judged. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../lib/mutation/allow-list.ts';
import { MUTATION_OPERATORS } from '../../lib/mutation/mutation-operators.ts';
import { runMutation, type MutationRunResult } from '../../lib/mutation/mutation-run.ts';
import { tinySuite, writeTinyProject } from './tiny-project.ts';

const OPERATORS = MUTATION_OPERATORS.map((operator) => operator.name);
let root: string;
let result: MutationRunResult;

beforeAll(async () => {
  root = await writeTinyProject();
  result = await runMutation({ suite: tinySuite(root), seed: 1, workers: 2, allowList: [], workDir: join(root, 'target/mutation/work') });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const summary = (run: MutationRunResult): string[] => run.judged.map((each) => `${each.mutant.line}:${each.mutant.original} → ${each.mutant.mutated}: ${each.verdict}`);

describe('a mutation run', () => {
  it('kills through the unit tests and the pinned fixture rows, and lets the untested boundary survive, saying why', () => {
    expect(summary(result)).toEqual([
      '4:>= → >: killed',
      '4:>= → <: killed',
      '4:100 → 101: killed',
      '4:100 → 99: survived',
      '4:100 → 0: killed',
    ]);
    const reasons = result.judged.map((each) => each.reason ?? '');
    expect(reasons[0]).toBe('pinned rows of `select * from analytics.fact_big_deals order by deal_id`: 2 rows expected, 1 returned');
    expect(reasons[1]).toMatch(/^unit test fact_big_deals_drops_small_deals: fail/);
    expect(reasons[4]).toMatch(/^unit test fact_big_deals_drops_small_deals: fail/);
    expect(reasons[3]).toBe('same rows as the unmutated model on the fixture');
  });

  it('scores killed / (total - invalid - equivalent), overall, per layer and per operator', () => {
    expect(result.score).toMatchObject({ total: 5, killed: 4, survived: 1, score: 0.8 });
    expect(result.byLayer.facts?.score).toBe(0.8);
    expect(result.byOperator.comparison?.score).toBe(1);
    expect(result.byOperator['numeric-constant']?.score).toBe(2 / 3);
    expect(result.notRun).toEqual([]);
  });

  it('reports an allow-listed survivor as equivalent, a listed mutant that dies as a wrong entry, and an entry matching nothing as stale', async () => {
    const allowList = parseAllowList(
      `equivalent_mutants:
  - { file: sql/facts/fact_big_deals.sql, line: 4, operator: numeric-constant, original: '100', mutated: '99', reason: 'no fixture amount lies in [99, 100)' }
  - { file: sql/facts/fact_big_deals.sql, line: 4, operator: comparison, original: '>=', mutated: '>', reason: wrongly listed }
  - { file: sql/facts/fact_big_deals.sql, line: 9, operator: comparison, original: '>=', mutated: '>', reason: the SQL moved on }
  - { file: sql/facts/other_model.sql, line: 9, operator: comparison, original: '>=', mutated: '>', reason: a model not selected }
`,
      'list.yml',
      OPERATORS,
    );
    const listed = await runMutation({ suite: tinySuite(root), seed: 1, workers: 1, allowList, workDir: join(root, 'target/mutation/work') });
    expect(summary(listed)).toContain('4:100 → 99: equivalent');
    expect(listed.score).toMatchObject({ killed: 4, survived: 0, equivalent: 1, score: 1 });
    expect(listed.killedAllowed.map((entry) => entry.reason)).toEqual(['wrongly listed']);
    expect(listed.staleAllowed.map((entry) => entry.reason)).toEqual(['the SQL moved on']);
  });

  it('samples deterministically and reports what the budget left out', async () => {
    const sampled = await runMutation({ suite: tinySuite(root), sample: 2, seed: 3, workers: 1, budgetSeconds: 0.001, allowList: [], workDir: join(root, 'target/mutation/work') });
    expect(sampled).toMatchObject({ generated: 5, sampled: 2, judged: [] });
    expect(sampled.notRun).toHaveLength(2);
    expect(sampled.score.score).toBeNull();
  });

  it('limits the mutants to the selected models, and names a selection without one', async () => {
    const options = { suite: tinySuite(root), seed: 1, workers: 1, budgetSeconds: 0.001, allowList: [], workDir: join(root, 'target/mutation/work') };
    expect(await runMutation({ ...options, select: ['path:sql/facts/fact_big_deals.sql'] })).toMatchObject({ models: ['fact_big_deals'], generated: 5 });
    await expect(runMutation({ ...options, select: ['tag:nothing'] })).rejects.toThrow("--select: 'tag:nothing' matches no model");
    await expect(runMutation({ ...options, select: ['not_null_fact_big_deals_deal_id'] })).rejects.toThrow('--select not_null_fact_big_deals_deal_id selects no model');
  });
});

describe('a mutation run that cannot judge', () => {
  it('refuses a project whose unmutated build fails its own tests, naming the test', async () => {
    const broken = await writeTinyProject({ 'test/fixtures/crm-landing/raw/deals/ingest_date=2026-03-08/deals.csv': 'deal_id,amount\nA,50\n,100\n' });
    try {
      await expect(runMutation({ suite: tinySuite(broken), seed: 1, workers: 1, allowList: [], workDir: join(broken, 'work') })).rejects.toThrow(
        /the unmutated project fails its own tests on the fixture, so no mutant can be judged:\n {2}fact_big_deals: error: not published, audit failed: not_null_fact_big_deals_deal_id/,
      );
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  it('refuses a fixture landing without files, naming the folder', async () => {
    const empty = await writeTinyProject();
    try {
      await rm(join(empty, 'test/fixtures/crm-landing'), { recursive: true });
      await expect(runMutation({ suite: tinySuite(empty), seed: 1, workers: 1, allowList: [], workDir: join(empty, 'work') })).rejects.toThrow(
        `the fixture landing ${join(empty, 'test/fixtures/crm-landing')} has no files`,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('refuses a fixture test that pins no relation, naming the file', async () => {
    const unpinned = await writeTinyProject({ 'test/models/fixture-build.test.ts': 'expect(1).toBe(1);\n' });
    try {
      await expect(runMutation({ suite: tinySuite(unpinned), seed: 1, workers: 1, allowList: [], workDir: join(unpinned, 'work') })).rejects.toThrow(
        "test/models/fixture-build.test.ts: no rowsOf('<schema.table>', '<order by>') or .query('<sql>') call found",
      );
    } finally {
      await rm(unpinned, { recursive: true, force: true });
    }
  });
});
