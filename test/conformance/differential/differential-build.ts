/**
 * Builds one warehouse of a differential run the way the CLI's `build` does (lib/cli, execute-
 * command.ts): compile the project for the engine's target, load the landing folder, then
 * execute the whole plan in build mode, every model and every test. Any engine with its loader
 * can be built this way; the conformance test builds DuckDB and Postgres, and the Redshift
 * engine (through the local Data API endpoint) plugs in the same way.
 */
import type { LoadSummary } from '../../../lib/landing/load-summary.ts';
import type { LoadOptions } from '../../../lib/landing/load-options.ts';
import type { Engine } from '../../../lib/engines/engine.ts';
import type { Plan } from '../../../lib/plan/plan.ts';
import { compileProject } from '../../../lib/project/compile.ts';
import type { Project } from '../../../lib/project/project.ts';
import { selectNodes } from '../../../lib/project/selection.ts';
import { executePlan } from '../../../lib/runner/execute-plan.ts';
import type { RunResult } from '../../../lib/runner/execute-plan.ts';

/** An engine and the way raw files reach it. */
export interface WarehouseUnderTest {
  readonly engine: Engine;
  load(options: LoadOptions): Promise<LoadSummary>;
}

export interface DifferentialBuildOptions {
  readonly landingDir: string;
  readonly runId: string;
  /** @default 10,000, the CLI's default */
  readonly maxLoadErrors?: number;
  /** Overlaid on the project's vars, as `--vars` would be. */
  readonly vars?: Readonly<Record<string, unknown>>;
}

export interface BuiltWarehouse {
  readonly plan: Plan;
  readonly load: LoadSummary;
  readonly run: RunResult;
}

export async function buildWarehouse(
  project: Project,
  warehouse: WarehouseUnderTest,
  options: DifferentialBuildOptions,
): Promise<BuiltWarehouse> {
  const plan = compileProject(project, { target: warehouse.engine.target, vars: options.vars });
  const selection = selectNodes(plan, {});
  const load = await warehouse.load({
    landingDir: options.landingDir,
    sources: plan.sources,
    runId: options.runId,
    maxLoadErrors: options.maxLoadErrors ?? 10_000,
  });
  const run = await executePlan(warehouse.engine, plan, {
    mode: 'build',
    runId: options.runId,
    modelIds: selection.models,
    testIds: selection.tests,
  });
  return { plan, load, run };
}
