/**
 * One measured build in a fresh process, so peak RSS belongs to this build alone.
 * `runner`: the product's path (loader + executePlan with write-audit-publish, audit rows, events).
 * `direct`: the same loader, then the same SQL work with nothing of the runner around it, the
 * baseline for its overhead: the same run graph (which tests read a model's fresh build, which the
 * published relations), the same scheduler and parallelism (the engine's connections), each model
 * created once under its final name, a view with tests first stored as the same snapshot table the
 * runner stages, which its tests and the tables and tests after it read, and every test's failing
 * rows counted. Left out, as
 * the runner's own cost: staging names and swaps, relation lookups, failing-row samples, row counts
 * of published tables, audit rows and events.
 *
 * `--existing` builds on the warehouse already in `--database` (an incremental day, or a full
 * refresh of it with `--full-refresh`); without it the database starts empty. `--ingest-dates`
 * loads only those days; `--run-date` sets var run_date; `--memory-limit` overrides the engine's DuckDB memory_limit.
 * `--leave-out` builds less than the whole project, to measure what the rest costs: `tests` runs no data
 * test, `marts-rebuilt-whole` leaves out the marts that are not incremental (rebuilt whole on every run,
 * as their rows move with the run date) and every test that reads one of them.
 * Prints one JSON line: { mode, loadSeconds, transformSeconds, totalSeconds, cpuSeconds, maxRssMb, statementSeconds, ... }.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DuckDbEngine } from '../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding } from '../lib/engines/duckdb/raw-loader.ts';
import { auditRelation, qualified, type Plan, type Relation } from '../lib/plan/plan.ts';
import { StagedRelations } from '../lib/publish/staged-relations.ts';
import { compileProject } from '../lib/project/compile.ts';
import { loadProject } from '../lib/project/load-project.ts';
import { runInDependencyOrder } from '../lib/runner/dag-scheduler.ts';
import { executePlan, type RunResult } from '../lib/runner/execute-plan.ts';
import { buildRunGraph, type ModelNode, type RunNode } from '../lib/runner/run-graph.ts';
import { snapshotRelation } from '../lib/runner/view-snapshots.ts';
import { StatementSeconds } from './statement-kinds.ts';

const { values } = parseArgs({
  options: {
    mode: { type: 'string' },
    landing: { type: 'string' },
    database: { type: 'string' },
    existing: { type: 'boolean', default: false },
    'full-refresh': { type: 'boolean', default: false },
    'ingest-dates': { type: 'string' },
    'run-date': { type: 'string' },
    'memory-limit': { type: 'string' },
    'leave-out': { type: 'string' },
  },
});
const mode = values.mode;
const leaveOut = values['leave-out'];
if ((mode !== 'runner' && mode !== 'direct') || !values.landing || !values.database || (leaveOut !== undefined && leaveOut !== 'tests' && leaveOut !== 'marts-rebuilt-whole')) {
  throw new Error('usage: build-once.ts --mode runner|direct --landing DIR --database FILE [--existing] [--full-refresh] [--ingest-dates D,D] [--run-date D] [--memory-limit M] [--leave-out tests|marts-rebuilt-whole]');
}

if (!values.existing) {
  rmSync(values.database, { force: true });
  rmSync(`${values.database}.wal`, { force: true });
}
const vars = values['run-date'] === undefined ? {} : { run_date: values['run-date'] };
const plan = compileProject(await loadProject('.'), { target: 'duckdb', vars });
const { modelIds, testIds } = selection(plan, leaveOut);
const memoryLimit = values['memory-limit'];
const engine = await DuckDbEngine.open({ path: values.database, ...(memoryLimit === undefined ? {} : { memoryLimit }) });
const statements = new StatementSeconds();
let phase: 'load' | 'transform' = 'load';
engine.onStatement = (sql, seconds) => statements.add(sql, seconds, phase);

const runId = `bench-${mode}-${Date.now()}`;
const ingestDates = values['ingest-dates']?.split(',');
const cpuAtStart = process.cpuUsage();
const started = performance.now();
const load = await loadLanding(engine, { landingDir: values.landing, sources: plan.sources, runId, maxLoadErrors: 100_000, ...(ingestDates === undefined ? {} : { ingestDates }) });
const loaded = performance.now();
const cpuAtLoaded = process.cpuUsage();
phase = 'transform';
const outcome = mode === 'runner' ? await viaRunner(engine, plan) : await direct(engine, plan);
// Closing checkpoints the WAL into the file: part of the build's cost.
await engine.close();
const finished = performance.now();
const cpuSeconds = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number => (to.user - from.user + to.system - from.system) / 1e6;
const cpuAtEnd = process.cpuUsage();

console.log(
  JSON.stringify({
    mode,
    rowsLoaded: load.totals.rowsLoaded,
    rowsRejected: load.totals.rowsRejected,
    loadSeconds: (loaded - started) / 1000,
    transformSeconds: (finished - loaded) / 1000,
    totalSeconds: (finished - started) / 1000,
    loadCpuSeconds: cpuSeconds(cpuAtStart, cpuAtLoaded),
    transformCpuSeconds: cpuSeconds(cpuAtLoaded, cpuAtEnd),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    statementSeconds: statements.byKind(),
    ...outcome,
  }),
);

async function viaRunner(warehouse: DuckDbEngine, compiled: Plan): Promise<Record<string, unknown>> {
  const result = await executePlan(warehouse, compiled, {
    mode: 'build',
    runId,
    modelIds,
    testIds,
    fullRefresh: values['full-refresh'],
  });
  if (!result.success) throw new Error(`the benchmark build failed: ${JSON.stringify(result.counts)}: ${failures(result)}`);
  const incremental = result.results.filter((node) => node.resourceType === 'model' && node.message?.startsWith('increment:'));
  return { counts: result.counts, models: result.results.filter((node) => node.resourceType === 'model').length, tests: testIds.length, builtAsIncrements: incremental.map((node) => node.name), warnings: result.warnings };
}

/** The models and tests built: all of them, less what `--leave-out` names. */
function selection(compiled: Plan, left: string | undefined): { modelIds: string[]; testIds: string[] } {
  const leftModels = new Set(
    left === 'marts-rebuilt-whole' ? compiled.models.filter((model) => model.layer === 'marts' && model.config.materialized !== 'incremental').map((model) => model.id) : [],
  );
  return {
    modelIds: compiled.models.filter((model) => !leftModels.has(model.id)).map((model) => model.id),
    testIds: left === 'tests' ? [] : compiled.tests.filter((test) => !test.dependsOn.models.some((id) => leftModels.has(id))).map((test) => test.id),
  };
}

function failures(result: RunResult): string {
  return result.results
    .filter((node) => node.status === 'error' || node.status === 'fail')
    .map((node) => `${node.name}: ${node.message ?? ''}`)
    .join('; ');
}

async function direct(warehouse: DuckDbEngine, compiled: Plan): Promise<Record<string, unknown>> {
  const graph = buildRunGraph(compiled, 'build', { modelIds, testIds });
  for (const schema of new Set(compiled.models.map((model) => model.relation.schema))) await warehouse.execute(warehouse.dialect.createSchema(schema));
  let failing = 0;
  const countFailures = async (sql: string): Promise<void> => {
    const [row] = await warehouse.query(`select count(*) as failures from (${sql}\n) failing_rows`);
    failing += Number(row?.failures ?? 0);
  };
  // As the runner does (lib/runner/view-snapshots.ts), tables and tests read a view's stored rows once it has them.
  const snapshots: Relation[] = [];
  let read = new StagedRelations(snapshots, snapshotRelation);
  const buildModel = async ({ model, auditTests }: ModelNode): Promise<void> => {
    if (model.config.materialized !== 'view') {
      await warehouse.transaction(warehouse.dialect.createTableAs(model.relation, read.rewrite(model.sql, model.relation), model.config));
      for (const test of auditTests) await countFailures(read.rewrite(test.sql));
      return;
    }
    if (auditTests.length === 0) {
      await warehouse.transaction(warehouse.dialect.createView(model.relation, model.sql));
      return;
    }
    // The runner's snapshot: the view's rows stored once under the staging name its tests' auditSql reads.
    const snapshot = auditRelation(model.relation);
    await warehouse.transaction(warehouse.dialect.createTableAs(snapshot, model.sql, model.config));
    for (const test of auditTests) await countFailures(read.rewrite(test.auditSql ?? test.sql));
    await warehouse.execute(`alter table ${qualified(snapshot)} rename to ${snapshotRelation(model.relation).name}`);
    await warehouse.transaction(warehouse.dialect.createView(model.relation, model.sql));
    snapshots.push(model.relation);
    read = new StagedRelations(snapshots, snapshotRelation);
  };
  const handlers = {
    run: async (node: RunNode): Promise<boolean> => {
      if (node.kind === 'model') await buildModel(node);
      else await countFailures(read.rewrite(node.test.sql));
      return true;
    },
    skip: async (): Promise<void> => {},
  };
  const sourceOutcomes = await runInDependencyOrder(graph.sourceTests, warehouse.concurrency, handlers);
  await runInDependencyOrder(graph.nodes, warehouse.concurrency, handlers, sourceOutcomes);
  for (const view of snapshots) await warehouse.execute(`drop table ${qualified(snapshotRelation(view))}`);
  return { tests: compiled.tests.length, failingRows: failing };
}
