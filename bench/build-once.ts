/**
 * One measured build in a fresh process, so peak RSS belongs to this build alone.
 * `runner`: the product's path (loader + executePlan with write-audit-publish, audit rows, events).
 * `direct`: the same loader, then the plan's compiled SQL sent straight to DuckDB (create each model,
 * count each test's failing rows) with nothing of the runner around it: the baseline for its overhead.
 * Prints one JSON line: { mode, loadSeconds, transformSeconds, totalSeconds, maxRssMb, rows, ... }.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DuckDbEngine } from '../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding } from '../lib/engines/duckdb/raw-loader.ts';
import { qualified, type Plan } from '../lib/plan/plan.ts';
import { compileProject } from '../lib/project/compile.ts';
import { loadProject } from '../lib/project/load-project.ts';
import { executePlan } from '../lib/runner/execute-plan.ts';

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
  for (const schema of new Set(compiled.models.map((model) => model.relation.schema))) await warehouse.execute(`create schema if not exists ${schema}`);
  for (const model of compiled.models) {
    const kind = model.config.materialized === 'view' ? 'view' : 'table';
    await warehouse.execute(`create or replace ${kind} ${qualified(model.relation)} as ${model.sql}`);
  }
  let failing = 0;
  for (const test of compiled.tests) {
    const [row] = await warehouse.query(`select count(*) as failures from (${test.sql}\n) failing_rows`);
    failing += Number(row?.failures ?? 0);
  }
  return { tests: compiled.tests.length, failingRows: failing };
}
