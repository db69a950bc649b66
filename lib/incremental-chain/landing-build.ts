/**
 * One build of a landing as the CLI's `build` does it: the project compiled with the day as
 * run_date, the landing loaded, then the chosen models and tests built (every one by default).
 * The incremental-chain test and the mutation runner's chain check both build this way, day by day
 * and then as a full refresh.
 */
import type { Engine } from '../engines/engine.ts';
import type { LoadOptions } from '../landing/load-options.ts';
import type { LoadSummary } from '../landing/load-summary.ts';
import type { Plan } from '../plan/plan.ts';
import { compileProject } from '../project/compile.ts';
import type { Project } from '../project/project.ts';
import { selectNodes } from '../project/selection.ts';
import { executePlan, type RunResult } from '../runner/execute-plan.ts';

/** A warehouse on one engine, and how it loads the landing. */
export interface ChainWarehouse {
  readonly engine: Engine;
  load(options: LoadOptions): Promise<LoadSummary>;
  close(): Promise<void>;
}

/** What one build runs: the plan (the compiled one, or one with tests added) and its models and tests. */
export interface BuildNodes {
  readonly plan: Plan;
  readonly modelIds: readonly string[];
  readonly testIds: readonly string[];
}

export interface LandingBuildRequest {
  readonly landingDir: string;
  readonly runDate: string;
  readonly runId: string;
  readonly fullRefresh: boolean;
  /** @default every model and test of the compiled plan */
  readonly nodes?: (plan: Plan) => BuildNodes;
}

export interface LandingBuild {
  /** The plan compiled for the run date. */
  readonly plan: Plan;
  readonly load: LoadSummary;
  readonly run: RunResult;
}

export function everyNode(plan: Plan): BuildNodes {
  const selection = selectNodes(plan, {});
  return { plan, modelIds: selection.models, testIds: selection.tests };
}

export async function buildLanding(project: Project, warehouse: ChainWarehouse, request: LandingBuildRequest): Promise<LandingBuild> {
  const plan = compileProject(project, { target: warehouse.engine.target, vars: { run_date: request.runDate } });
  const nodes = (request.nodes ?? everyNode)(plan);
  // A full refresh reloads every day, as a fresh warehouse would.
  const load = await warehouse.load({ landingDir: request.landingDir, sources: nodes.plan.sources, runId: request.runId, maxLoadErrors: 10_000, force: request.fullRefresh });
  const run = await executePlan(warehouse.engine, nodes.plan, {
    mode: 'build',
    runId: request.runId,
    modelIds: nodes.modelIds,
    testIds: nodes.testIds,
    fullRefresh: request.fullRefresh,
  });
  return { plan, load, run };
}
