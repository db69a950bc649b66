/**
 * Builds the real project (sql/) on an in-memory DuckDB from a landing folder, the way
 * `crm-warehouse build --select crm` does: load the landing folder, then run every unit test,
 * model and test of the plan.
 */
import { fileURLToPath } from 'node:url';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { LoadSummary } from '../../lib/landing/load-summary.ts';
import { loadLanding } from '../../lib/engines/duckdb/raw-loader.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { executePlan, type NodeResult, type RunResult } from '../../lib/runner/execute-plan.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface BuiltWarehouse {
  readonly engine: DuckDbEngine;
  readonly plan: Plan;
  readonly load: LoadSummary;
  readonly result: RunResult;
}

/** The caller closes `engine`. The load tolerates `maxLoadErrors` rejected rows (none by default). */
export async function buildRealProject(landingDir: string, vars: Readonly<Record<string, unknown>>, maxLoadErrors = 0): Promise<BuiltWarehouse> {
  const plan = compileProject(await loadProject(PROJECT_ROOT), { target: 'duckdb', vars });
  const engine = await DuckDbEngine.open({ path: ':memory:', threads: 2 });
  try {
    const load = await loadLanding(engine, { landingDir, sources: plan.sources, runId: 'fixture', maxLoadErrors });
    const result = await executePlan(engine, plan, {
      mode: 'build',
      runId: 'fixture',
      modelIds: plan.models.map((model) => model.id),
      testIds: plan.tests.map((test) => test.id),
      unitTestIds: (plan.unitTests ?? []).map((test) => test.id),
    });
    return { engine, plan, load, result };
  } catch (error) {
    await engine.close();
    throw error;
  }
}

/** `name: message` of every node that ended in error, for an assertion message that says what broke. */
export function errorsOf(result: RunResult): string[] {
  return result.results.filter((node: NodeResult) => node.status === 'error' || node.status === 'fail').map((node) => `${node.name}: ${node.message ?? ''}`);
}
