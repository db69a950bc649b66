/**
 * The incremental chain against a full refresh, on any engine: the incremental-chain scenario
 * (lib/generate/incremental-chain.ts) is landed one day at a time into one warehouse, each day
 * built as the CLI's `build` does (compile with run_date = the day, load, build every model and
 * test, no --full-refresh); one day's build is made to fail after its load by an injected error
 * test on a fact, so the next day has to catch up. Then a fresh warehouse is fully refreshed from
 * the final landing at the last day, and every staging, analytics, intermediate and marts relation of the two
 * warehouses is compared row by row (the differential comparison, test/conformance/differential).
 *
 * Per-engine test files supply how to open a warehouse and load it; the assertions are shared
 * (chain-equality.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine, Row } from '../../lib/engines/engine.ts';
import { AUDIT_TABLES } from '../../lib/audit/audit-tables.ts';
import type { ChainManifest } from '../../lib/generate/chain-scenario.ts';
import { generateIncrementalChain } from '../../lib/generate/incremental-chain.ts';
import { buildChainDays, CHAIN_LAST_DATE, type ChainDayBuild } from '../../lib/incremental-chain/daily-builds.ts';
import { buildLanding, everyNode, type ChainWarehouse } from '../../lib/incremental-chain/landing-build.ts';
import type { Plan, PlanModel, PlanTest } from '../../lib/plan/plan.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import type { RunResult } from '../../lib/runner/execute-plan.ts';
import { compareWarehouses } from '../conformance/differential/compare-warehouses.ts';
import { differenceLines } from '../conformance/differential/difference-report.ts';

const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));

/** The schemas whose relations must equal a full refresh (staging holds incremental tables and views over raw). */
export const COMPARED_SCHEMAS = ['staging', 'analytics', 'intermediate', 'marts'] as const;

export interface ChainTarget {
  readonly name: string;
  /**
   * Opens a new, empty warehouse. The landing is `<s3Root>/landing/crm` (`s3://landing/crm` for an
   * engine that loads through COPY from S3, as the local Data API endpoint maps it).
   */
  open(s3Root: string): Promise<ChainWarehouse>;
}

export interface ChainOptions {
  readonly scale: number;
  readonly seed: number;
  readonly days: number;
  /** The 1-based chain day whose build fails after its load. */
  readonly failingDay: number;
  /** The model the injected failing test is attached to. */
  readonly failingModel: string;
  /** The last day's date (YYYY-MM-DD): its run date and the full refresh's. */
  readonly lastDate: string;
}

/** Day 8 fails: after the re-landing (day 6) and the deletions (day 7), so increments must catch it up. */
export const DEFAULT_CHAIN: ChainOptions = { scale: 0.01, seed: 42, days: 10, failingDay: 8, failingModel: 'fact_orders', lastDate: CHAIN_LAST_DATE };

/** `CHAIN_SCALE=1 npx vitest run test/incremental-chain/duckdb-chain.test.ts`: the chain at full size, on demand. */
export function chainOptionsFromEnvironment(environment: NodeJS.ProcessEnv = process.env): ChainOptions {
  const text = environment.CHAIN_SCALE;
  if (text === undefined || text === '') return DEFAULT_CHAIN;
  const scale = Number(text);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`CHAIN_SCALE must be a number above 0 (the generator's scale), got '${text}'`);
  return { ...DEFAULT_CHAIN, scale };
}

/** A chain at scale 0.01 takes a minute or so; allow half an hour per unit of scale on top. */
export function chainTimeoutMs(options: ChainOptions, smallScaleMs: number): number {
  return smallScaleMs + Math.ceil(options.scale * 1_800_000);
}

export interface IncrementalStateRow {
  readonly modelId: string;
  readonly runId: string;
  readonly fullRefresh: boolean;
}

export interface ChainOutcome {
  readonly manifest: ChainManifest;
  /** The plan of the last day. */
  readonly plan: Plan;
  readonly days: readonly ChainDayBuild[];
  readonly fullRefresh: { readonly runId: string; readonly run: RunResult };
  /** Every recorded incremental build of the chain warehouse. */
  readonly states: readonly IncrementalStateRow[];
  /** Lines naming each differing table and its rows; empty when the chain equals the full refresh. */
  readonly tableDifferences: readonly string[];
  /** The same for the last day's data tests against the full refresh's. */
  readonly checkDifferences: readonly string[];
  /** The compared models (staging, analytics, intermediate and marts). */
  readonly comparedModels: readonly string[];
  readonly injectedTestId: string;
  /** The tests of the last day that read only what an increment changed (audit.test_state). */
  readonly narrowedOnLastDay: readonly string[];
  /** Whether the chain's engine merges increments in place (so tests can read only what they changed). */
  readonly mergesInPlace: boolean;
}

const INJECTED_TEST_NAME = 'chain_build_fails_today';

/**
 * An error-severity test on `model` that fails in every build it is part of: added to the plan of
 * the failing day only, it stops that model's publish after the day's load committed.
 */
export function injectFailingTest(plan: Plan, modelName: string): { plan: Plan; testId: string } {
  const model = plan.models.find((candidate) => candidate.name === modelName);
  if (model === undefined) throw new Error(`the plan has no model ${modelName} to make fail`);
  const sql = 'select 1 as injected_failure';
  const test: PlanTest = {
    id: `test.${plan.project}.${INJECTED_TEST_NAME}`,
    name: INJECTED_TEST_NAME,
    kind: 'singular',
    testName: INJECTED_TEST_NAME,
    severity: 'error',
    attachedTo: model.id,
    dependsOn: { models: [model.id], sources: [] },
    path: 'test/incremental-chain/chain-harness.ts',
    sql,
    auditSql: sql,
  };
  return { plan: { ...plan, tests: [...plan.tests, test] }, testId: test.id };
}

export function incrementalModels(plan: Plan): PlanModel[] {
  return plan.models.filter((model) => model.config.materialized === 'incremental');
}

async function readStates(engine: Engine): Promise<IncrementalStateRow[]> {
  const rows: Row[] = await engine.query(`select model_id, run_id, full_refresh from ${AUDIT_TABLES.incrementalState} order by run_id, model_id`);
  return rows.map((row) => ({ modelId: String(row.model_id), runId: String(row.run_id), fullRefresh: row.full_refresh === true || row.full_refresh === 'true' }));
}

async function readNarrowed(engine: Engine, runId: string): Promise<string[]> {
  const rows = await engine.query(`select test_id from ${AUDIT_TABLES.testState} where run_id = '${runId}' and narrowed order by test_id`);
  return rows.map((row) => String(row.test_id));
}

export async function runIncrementalChain(target: ChainTarget, options: ChainOptions = DEFAULT_CHAIN): Promise<ChainOutcome> {
  const workDir = await mkdtemp(join(tmpdir(), `incremental-chain-${target.name}-`));
  const s3Root = join(workDir, 's3');
  const landingDir = join(s3Root, 'landing', 'crm');
  const project = await loadProject(REPOSITORY);
  let chain: ChainWarehouse | undefined;
  let full: ChainWarehouse | undefined;
  try {
    const { lastDate } = options;
    const manifest = await generateIncrementalChain({ outDir: join(workDir, 'chain'), scale: options.scale, days: options.days, seed: options.seed, endDate: lastDate });
    chain = await target.open(s3Root);
    let injectedTestId = '';
    const { days, plan: finalPlan } = await buildChainDays(project, chain, {
      chainDir: join(workDir, 'chain'),
      manifest,
      landingDir,
      nodes: (plan, day) => {
        if (day.day !== options.failingDay) return everyNode(plan);
        const injected = injectFailingTest(plan, options.failingModel);
        injectedTestId = injected.testId;
        return everyNode(injected.plan);
      },
    });

    full = await target.open(s3Root);
    const fullBuild = await buildLanding(project, full, { landingDir, runDate: lastDate, runId: 'full-refresh', fullRefresh: true });
    const compared = finalPlan.models.filter((model) => (COMPARED_SCHEMAS as readonly string[]).includes(model.relation.schema));
    const differences = await compareWarehouses(chain.engine, full.engine, { ...finalPlan, models: compared }, {
      checkRunIds: [days[days.length - 1]?.runId as string, 'full-refresh'],
      rowsPerModel: 5,
    });
    const names = ['incremental chain', 'full refresh'] as const;
    return {
      manifest,
      plan: finalPlan,
      days,
      fullRefresh: { runId: 'full-refresh', run: fullBuild.run },
      states: await readStates(chain.engine),
      tableDifferences: differenceLines(differences.filter((difference) => difference.kind !== 'check'), names),
      checkDifferences: differenceLines(differences.filter((difference) => difference.kind === 'check'), names),
      comparedModels: compared.map((model) => model.name),
      injectedTestId,
      narrowedOnLastDay: await readNarrowed(chain.engine, days[days.length - 1]?.runId ?? ''),
      mergesInPlace: chain.engine.inTransaction !== undefined,
    };
  } finally {
    await Promise.all([chain?.close(), full?.close()]);
    await rm(workDir, { recursive: true, force: true });
  }
}
