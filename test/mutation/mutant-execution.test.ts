/** The verdicts a mutant can get besides killed and survived: invalid (does not compile) and a runner error. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { buildBaseline, type MutationBaseline } from '../../lib/mutation/mutation-baseline.ts';
import { executeMutant, type ExecutionContext } from '../../lib/mutation/mutant-execution.ts';
import type { Mutant } from '../../lib/mutation/mutant.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { TINY_FILES, tinySuite, writeTinyProject } from './tiny-project.ts';

let root: string;
let context: ExecutionContext;
let engine: DuckDbEngine;

const SQL = TINY_FILES['sql/facts/fact_big_deals.sql'] as string;

function mutantOf(original: string, mutated: string): Mutant {
  const start = SQL.lastIndexOf(original);
  return { id: 'm', model: 'fact_big_deals', layer: 'facts', path: 'sql/facts/fact_big_deals.sql', line: 3, column: 1, operator: 'comparison', start, end: start + original.length, original, mutated };
}

/** A mart over the fact and a test reconciling the two: a change to the fact flows into both. */
const RECONCILED = {
  'sql/marts/mart_big_deal_total.sql': `select sum(amount) as total_amount from {{ ref('fact_big_deals') }}\n`,
  'sql/tests/assert_mart_total_matches_fact.sql': `select 1 as mismatch
from (select sum(amount) as total_amount from {{ ref('fact_big_deals') }}) facts
cross join {{ ref('mart_big_deal_total') }} marts
where facts.total_amount <> marts.total_amount
`,
};

beforeAll(async () => {
  root = await writeTinyProject(RECONCILED);
  const project = await loadProject(root);
  const baseline: MutationBaseline = await buildBaseline(project, tinySuite(root), join(root, 'work'));
  engine = await DuckDbEngine.open({ path: ':memory:', threads: 1, concurrency: 1 });
  context = { project, macroFiles: [], vars: {}, baseline, unitTestEngine: engine, workDir: join(root, 'work'), worker: 0 };
});

afterAll(async () => {
  await engine?.close();
  await rm(root, { recursive: true, force: true });
});

describe('running one mutant', () => {
  it('calls a mutant that does not compile invalid, with the compiler message', async () => {
    const outcome = await executeMutant(mutantOf("'deals'", "'dealz'"), context);
    expect(outcome.status).toBe('invalid');
    expect(outcome.reason).toContain('sql/facts/fact_big_deals.sql');
  });

  it('kills a mutant whose SQL errors', async () => {
    const outcome = await executeMutant(mutantOf('amount >= 100', 'amount >= no_such_column'), context);
    expect(outcome.status).toBe('killed');
    expect(outcome.reason).toMatch(/no_such_column/);
  });

  it('reports a runner failure as an error, not as a kill', async () => {
    const missing = { ...context, baseline: { ...context.baseline, templatePath: join(root, 'gone.duckdb') } };
    const outcome = await executeMutant(mutantOf('100', '99'), missing);
    expect(outcome.status).toBe('error');
    expect(outcome.reason).toContain('gone.duckdb');
  });

  it('tells a survivor whose rows changed from one whose rows did not', async () => {
    expect(await executeMutant(mutantOf('100', '99'), context)).toMatchObject({ status: 'survived', reason: 'same rows as the unmutated model on the fixture' });
    // An amount of exactly 100 zeroed: the unit test has none, only the pinned fixture rows see it.
    const zeroed = mutantOf('select deal_id, amount', 'select deal_id, case when amount = 100 then 0 else amount end as amount');
    expect(await executeMutant(zeroed, context)).toMatchObject({ status: 'killed', reason: 'pinned rows of `select * from analytics.fact_big_deals order by deal_id`: row 1, amount: expected 100, returned 0' });
    // Without the pinned rows it survives: the mart is rebuilt from the changed fact before the
    // test reconciling the two runs, so it agrees with it, as in a real build.
    const unpinned = { ...context, baseline: { ...context.baseline, pinned: [] } };
    expect(await executeMutant(zeroed, unpinned)).toMatchObject({ status: 'survived', reason: 'rows differ from the unmutated model on the fixture, and no test noticed' });
  });
});
