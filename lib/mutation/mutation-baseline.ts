/**
 * The unmutated project built once on the fixture: a DuckDB file every mutant starts from (copied
 * per mutant, so only the mutated model and what is downstream of it are rebuilt; no incremental
 * build recorded, so a rebuild is a first build, as in the fixture test), and the rows of
 * every pinned query. The unmutated build passes the fixture test, so a mutant's pinned rows
 * equal the test's expected rows exactly when they equal these.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AUDIT_TABLES } from '../audit/audit-tables.ts';
import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.ts';
import type { Row } from '../engines/engine.ts';
import { loadLanding } from '../engines/duckdb/raw-loader.ts';
import { qualified, type Plan } from '../plan/plan.ts';
import { compileProject } from '../project/compile.ts';
import type { Project } from '../project/project.ts';
import { executePlan } from '../runner/execute-plan.ts';
import type { FixtureSuite } from './fixture-suite.ts';
import { pinnedQueriesOf, type PinnedQuery } from './pinned-queries.ts';
import { problemsOf } from './run-problems.ts';

export interface MutationBaseline {
  readonly plan: Plan;
  /** The fixture warehouse after the unmutated build; never opened for writing again. */
  readonly templatePath: string;
  readonly pinned: readonly PinnedQuery[];
  /** Each pinned query's rows, by its SQL. */
  readonly expectedRows: ReadonlyMap<string, readonly Row[]>;
  /** Every model's rows on the fixture, in `order by all` order, by relation (`analytics.fact_deals`). */
  readonly modelRows: ReadonlyMap<string, readonly Row[]>;
}

export async function buildBaseline(project: Project, suite: FixtureSuite, workDir: string): Promise<MutationBaseline> {
  const plan = compileProject(project, { target: 'duckdb', vars: suite.vars });
  const pinned = await pinnedQueriesOf(suite.pinnedRowsTest, suite.projectRoot);
  await mkdir(workDir, { recursive: true });
  const templatePath = join(workDir, 'baseline.duckdb');
  await rm(templatePath, { force: true });
  const engine = await DuckDbEngine.open({ path: templatePath, threads: 1 });
  try {
    const load = await loadLanding(engine, { landingDir: suite.landingDir, sources: plan.sources, runId: 'mutation-baseline', maxLoadErrors: 0 });
    if (load.totals.files === 0) throw new Error(`the fixture landing ${suite.landingDir} has no files: there is nothing to build the fixture from`);
    if (load.totals.rowsRejected > 0) throw new Error(`the fixture landing ${suite.landingDir} has ${load.totals.rowsRejected} rejected rows`);
    const result = await executePlan(engine, plan, {
      mode: 'build',
      runId: 'mutation-baseline',
      modelIds: plan.models.map((model) => model.id),
      testIds: plan.tests.map((test) => test.id),
      unitTestIds: (plan.unitTests ?? []).map((test) => test.id),
      fullRefresh: true,
    });
    const problems = problemsOf(result);
    if (problems.length > 0) {
      const shown = problems.slice(0, 10);
      const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
      throw new Error(`the unmutated project fails its own tests on the fixture, so no mutant can be judged:\n  ${shown.join('\n  ')}${more}`);
    }
    const expectedRows = new Map<string, Row[]>();
    for (const { sql } of pinned) expectedRows.set(sql, await engine.query(sql));
    const modelRows = new Map<string, Row[]>();
    for (const model of plan.models) modelRows.set(qualified(model.relation), await engine.query(allRowsSql(qualified(model.relation))));
    // The fixture test builds a fresh warehouse, where landed_keys() (in a post_hook) gives every
    // key; with the baseline's builds recorded, a mutant's rebuild would see nothing landed since.
    await engine.execute(`delete from ${AUDIT_TABLES.incrementalState}`);
    return { plan, templatePath, pinned, expectedRows, modelRows };
  } finally {
    await engine.close();
  }
}

/** Every row of a relation in an order that depends only on the rows. */
export function allRowsSql(relation: string): string {
  return `select * from ${relation} order by all`;
}
