/**
 * The incremental chain as a mutation check: what only an increment does (the keys an increment
 * re-derives, a post_hook's deletions of keys landed since the last build) neither a unit test
 * (there landed_keys() is every key given) nor the fixture build (a full build) runs. A mutant
 * that changes an incremental model, or a macro one calls, and survives both is replayed through
 * the chain landing day by day without --full-refresh, then fully refreshed from the final landing
 * in a second warehouse, as test/incremental-chain/ does: it is killed when a build fails (a model
 * errors, or a data test stops its publish), a compared table of the two differs, or a data test
 * finds other failing rows on the last day than on the full refresh.
 *
 * Each day builds only the mutated models, the incremental models downstream of them (an
 * increment keeps what it read on an earlier day; these tables are compared) and what they read;
 * the last day and the full refresh build every model downstream as well (a table or view is
 * rebuilt whole, so the days before cannot change it), with the data tests that read a changed
 * model. The unmutated project must pass its chain first (once, when the first mutant needs the
 * chain), or no mutant is judged by it.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.ts';
import { loadLanding } from '../engines/duckdb/raw-loader.ts';
import type { Row } from '../engines/engine.ts';
import { readChainManifest } from '../generate/chain-replay.ts';
import { CHAIN_MANIFEST_FILE, type ChainManifest } from '../generate/chain-scenario.ts';
import { generateIncrementalChain } from '../generate/incremental-chain.ts';
import { buildChainDays } from '../incremental-chain/daily-builds.ts';
import { buildLanding, type BuildNodes, type ChainWarehouse } from '../incremental-chain/landing-build.ts';
import { compileProject } from '../project/compile.ts';
import { qualified, type Plan } from '../plan/plan.ts';
import type { Project } from '../project/project.ts';
import type { RunResult } from '../runner/execute-plan.ts';
import type { ChainSource } from './fixture-suite.ts';
import { ModelGraph } from './model-graph.ts';
import { allRowsSql } from './mutation-baseline.ts';
import { rowsDifference } from './rows-difference.ts';
import { problemsOf } from './run-problems.ts';

export type ChainVerdict = { readonly killed: string } | { readonly survived: string };

interface ChainLanding {
  readonly dir: string;
  readonly manifest: ChainManifest;
}

export class ChainCheck {
  private ready?: Promise<ChainLanding>;

  /** `project` unmutated; `workDir` holds the chain landing and each worker's landing folder. */
  constructor(
    private readonly project: Project,
    private readonly source: ChainSource,
    private readonly workDir: string,
  ) {}

  /** Whether a mutant that changes `mutatedIds` faces the chain: when one of them is incremental. */
  static applies(plan: Plan, mutatedIds: readonly string[]): boolean {
    return plan.models.some((model) => mutatedIds.includes(model.id) && model.config.materialized === 'incremental');
  }

  /** The chain's verdict on `project` (mutated) changing `mutatedIds`; `worker` keeps landing folders apart. */
  async judge(project: Project, mutatedIds: readonly string[], worker: number): Promise<ChainVerdict> {
    const landing = await this.landing();
    return chainVerdict(project, landing, mutatedIds, join(this.workDir, `chain-landing-${worker}`));
  }

  /** The chain landing, and the unmutated project's verdict on every incremental model: once, for every worker. */
  private landing(): Promise<ChainLanding> {
    this.ready ??= this.prepare();
    return this.ready;
  }

  private async prepare(): Promise<ChainLanding> {
    const landing = await chainLanding(this.source, join(this.workDir, 'chain'));
    const plan = compileProject(this.project, { target: 'duckdb', vars: { run_date: lastRunDate(landing) } });
    const incremental = plan.models.filter((model) => model.config.materialized === 'incremental').map((model) => model.id);
    const verdict = await chainVerdict(this.project, landing, incremental, join(this.workDir, 'chain-landing-unmutated'));
    if ('killed' in verdict) {
      throw new Error(`the unmutated project fails the incremental chain (${landing.dir}), so no mutant can be judged by it: ${verdict.killed}`);
    }
    return landing;
  }
}

async function chainLanding(source: ChainSource, outDir: string): Promise<ChainLanding> {
  if ('dir' in source) return { dir: source.dir, manifest: await readChainManifest(source.dir) };
  return { dir: outDir, manifest: await generateIncrementalChain({ outDir, ...source.generate }) };
}

function lastRunDate(landing: ChainLanding): string {
  const last = landing.manifest.days.at(-1);
  if (last === undefined) throw new Error(`${join(landing.dir, CHAIN_MANIFEST_FILE)}: the incremental chain has no days`);
  return last.runDate;
}

async function chainVerdict(project: Project, landing: ChainLanding, mutatedIds: readonly string[], landingDir: string): Promise<ChainVerdict> {
  await rm(landingDir, { recursive: true, force: true });
  await mkdir(landingDir, { recursive: true });
  const daily = await openWarehouse();
  const full = await openWarehouse();
  try {
    const lastDay = landing.manifest.days.at(-1)?.day;
    const { days, plan } = await buildChainDays(project, daily, {
      chainDir: landing.dir,
      manifest: landing.manifest,
      landingDir,
      nodes: (compiled, day) => chainNodes(compiled, mutatedIds, day.day === lastDay),
    });
    for (const day of days) {
      const [problem] = problemsOf(day.run);
      if (problem !== undefined) return { killed: `incremental chain, day ${day.day} (${day.runDate}): ${problem}` };
    }
    const runDate = lastRunDate(landing);
    const refresh = await buildLanding(project, full, { landingDir, runDate, runId: 'full-refresh', fullRefresh: true, nodes: (compiled) => chainNodes(compiled, mutatedIds, true) });
    const [problem] = problemsOf(refresh.run);
    if (problem !== undefined) return { killed: `incremental chain, full refresh at ${runDate}: ${problem}` };
    const last = days.at(-1);
    const checkDifference = last === undefined ? undefined : checkDifferenceOf(last.run, refresh.run);
    if (checkDifference !== undefined) return { killed: `incremental chain: ${checkDifference}` };
    const compared = chainTargets(plan, mutatedIds, new ModelGraph(plan).withDownstream(mutatedIds));
    for (const model of plan.models.filter((each) => compared.has(each.id))) {
      const relation = qualified(model.relation);
      const built: Row[] = await daily.engine.query(allRowsSql(relation));
      const refreshed: Row[] = await full.engine.query(allRowsSql(relation));
      if (!isDeepStrictEqual(built, refreshed)) {
        return { killed: `incremental chain: ${model.name} after ${days.length} daily builds differs from a full refresh: ${rowsDifference(refreshed, built)}` };
      }
    }
    return { survived: `the incremental chain's ${days.length} daily builds end with the rows and test results of a full refresh` };
  } finally {
    await Promise.all([daily.close(), full.close()]);
    await rm(landingDir, { recursive: true, force: true });
  }
}

/**
 * The models whose tables are compared: the mutated ones and the incremental ones downstream (an
 * increment keeps what it read on an earlier day). Any other model downstream is rebuilt each day
 * from these and from models the mutant does not change, so it differs only if one of these does.
 */
function chainTargets(plan: Plan, mutatedIds: readonly string[], changed: ReadonlySet<string>): Set<string> {
  return new Set(plan.models.filter((model) => mutatedIds.includes(model.id) || (changed.has(model.id) && model.config.materialized === 'incremental')).map((model) => model.id));
}

/**
 * What one build of the chain runs. The compared models and every model they read, each day; on
 * the last day and in the full refresh, also every other model the mutant changes (a table or
 * view rebuilt whole, so the days before cannot change it), with what those read. The data tests:
 * those reading only built models, one of them changed (a test of unchanged models finds what it
 * finds without the mutant).
 */
function chainNodes(plan: Plan, mutatedIds: readonly string[], everyChanged: boolean): BuildNodes {
  const graph = new ModelGraph(plan);
  const changed = graph.withDownstream(mutatedIds);
  const needed = graph.withUpstream(everyChanged ? changed : chainTargets(plan, mutatedIds, changed));
  const read = (ids: readonly string[]): boolean => ids.every((id) => needed.has(id)) && ids.some((id) => changed.has(id));
  return {
    plan,
    modelIds: plan.models.filter((model) => needed.has(model.id)).map((model) => model.id),
    testIds: plan.tests.filter((test) => read(test.dependsOn.models)).map((test) => test.id),
  };
}

/** The first data test whose outcome on the last daily build differs from the full refresh's. */
function checkDifferenceOf(daily: RunResult, refresh: RunResult): string | undefined {
  const outcomes = (run: RunResult): Map<string, string> =>
    new Map(run.results.filter((node) => node.failures !== undefined).map((node) => [`${node.name} (${node.phase ?? 'published'})`, `${node.status} with ${node.failures} failing rows`]));
  const [built, refreshed] = [outcomes(daily), outcomes(refresh)];
  for (const test of new Set([...built.keys(), ...refreshed.keys()])) {
    if (built.get(test) !== refreshed.get(test)) return `test ${test}: the last daily build ${built.get(test) ?? 'did not run it'}, the full refresh ${refreshed.get(test) ?? 'did not run it'}`;
  }
  return undefined;
}

async function openWarehouse(): Promise<ChainWarehouse> {
  const engine = await DuckDbEngine.open({ path: ':memory:', threads: 1, concurrency: 1 });
  return { engine, load: (options) => loadLanding(engine, options), close: () => engine.close() };
}
