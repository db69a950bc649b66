/**
 * One measured build in a fresh process, so peak RSS belongs to this build alone.
 * `runner`: the product's path (loader + executePlan with write-audit-publish, audit rows, events).
 * `direct`: the same loader, then the same SQL work with nothing of the runner around it, the
 * baseline for its overhead: the same run graph (which tests read a model's fresh build, which the
 * published relations), the same scheduler and parallelism (the engine's connections), each model
 * created once under its final name, a view with tests first stored as the same snapshot table the
 * runner stages so its tests read stored rows, and every test's failing rows counted. Left out, as
 * the runner's own cost: staging names and swaps, relation lookups, failing-row samples, row counts
 * of published tables, audit rows and events.
 * Prints one JSON line: { mode, loadSeconds, transformSeconds, totalSeconds, maxRssMb, rows, ... }.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DuckDbEngine } from '../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding } from '../lib/engines/duckdb/raw-loader.ts';
import { auditRelation, qualified, type Plan } from '../lib/plan/plan.ts';
import { compileProject } from '../lib/project/compile.ts';
import { loadProject } from '../lib/project/load-project.ts';
import { runInDependencyOrder } from '../lib/runner/dag-scheduler.ts';
import { executePlan } from '../lib/runner/execute-plan.ts';
import { buildRunGraph, type ModelNode, type RunNode } from '../lib/runner/run-graph.ts';

const { values } = parseArgs({
  options: { mode: { type: 'string' }, landing: { type: 'string' }, database: { type: 'string' } },
});
const mode = values.mode;
if ((mode !== 'runner' && mode !== 'direct') || !values.landing || !values.database) {
  throw new Error('usage: build-once.ts --mode runner|direct --landing DIR --database FILE');
}

rmSync(values.database, { force: true });
rmSync(`${values.database}.wal`, { force: true });
const plan = compileProject(await loadProject('.'), { target: 'duckdb' });
const engine = await DuckDbEngine.open({ path: values.database });
const started = performance.now();
const load = await loadLanding(engine, { landingDir: values.landing, sources: plan.sources, runId: `bench-${mode}`, maxLoadErrors: 100_000 });
const loaded = performance.now();
const outcome = mode === 'runner' ? await viaRunner(engine, plan) : await direct(engine, plan);
const finished = performance.now();
await engine.close();

console.log(
  JSON.stringify({
    mode,
    rowsLoaded: load.totals.rowsLoaded,
    rowsRejected: load.totals.rowsRejected,
    loadSeconds: (loaded - started) / 1000,
    transformSeconds: (finished - loaded) / 1000,
    totalSeconds: (finished - started) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    ...outcome,
  }),
);

async function viaRunner(warehouse: DuckDbEngine, compiled: Plan): Promise<Record<string, unknown>> {
  const result = await executePlan(warehouse, compiled, {
    mode: 'build',
    runId: 'bench-runner',
    modelIds: compiled.models.map((model) => model.id),
    testIds: compiled.tests.map((test) => test.id),
  });
  if (!result.success) throw new Error(`the benchmark build failed: ${JSON.stringify(result.counts)}`);
  return { counts: result.counts };
}

async function direct(warehouse: DuckDbEngine, compiled: Plan): Promise<Record<string, unknown>> {
  const graph = buildRunGraph(compiled, 'build', { modelIds: compiled.models.map((model) => model.id), testIds: compiled.tests.map((test) => test.id) });
  for (const schema of new Set(compiled.models.map((model) => model.relation.schema))) await warehouse.execute(warehouse.dialect.createSchema(schema));
  let failing = 0;
  const countFailures = async (sql: string): Promise<void> => {
    const [row] = await warehouse.query(`select count(*) as failures from (${sql}\n) failing_rows`);
    failing += Number(row?.failures ?? 0);
  };
  const buildModel = async ({ model, auditTests }: ModelNode): Promise<void> => {
    if (model.config.materialized !== 'view') {
      await warehouse.transaction(warehouse.dialect.createTableAs(model.relation, model.sql, model.config));
      for (const test of auditTests) await countFailures(test.sql);
      return;
    }
    if (auditTests.length === 0) {
      await warehouse.transaction(warehouse.dialect.createView(model.relation, model.sql));
      return;
    }
    // The runner's snapshot: the view's rows stored once under the staging name its tests' auditSql reads.
    const snapshot = auditRelation(model.relation);
    await warehouse.transaction(warehouse.dialect.createTableAs(snapshot, model.sql, model.config));
    for (const test of auditTests) await countFailures(test.auditSql ?? test.sql);
    await warehouse.execute(`drop table ${qualified(snapshot)}`);
    await warehouse.transaction(warehouse.dialect.createView(model.relation, model.sql));
  };
  const handlers = {
    run: async (node: RunNode): Promise<boolean> => {
      if (node.kind === 'model') await buildModel(node);
      else await countFailures(node.test.sql);
      return true;
    },
    skip: async (): Promise<void> => {},
  };
  const sourceOutcomes = await runInDependencyOrder(graph.sourceTests, warehouse.concurrency, handlers);
  await runInDependencyOrder(graph.nodes, warehouse.concurrency, handlers, sourceOutcomes);
  return { tests: compiled.tests.length, failingRows: failing };
}
