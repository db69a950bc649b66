/**
 * `--state <dir>`: the artifacts of an earlier run (typically production's target folder): our
 * plan (manifest.json) for `state:` and `--defer`, and run_results.json, when there is one, for
 * `result:` and `retry`. A missing or unreadable plan names the file.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PLAN_VERSION, type Plan } from '../plan/plan.ts';
import { ProjectError } from '../project/errors.ts';
import type { SelectionState } from '../project/selection.ts';
import { runResultsSchema } from './dbt-artifact-schemas.ts';
import { RUN_RESULTS_FILE } from './write-artifacts.ts';

/** The state a selection reads, and the arguments the state's run was started with (`retry` repeats its command). */
export interface StateArtifacts extends SelectionState {
  readonly args?: Readonly<Record<string, unknown>>;
}

export async function readState(dir: string): Promise<StateArtifacts> {
  const planPath = join(resolve(dir), 'manifest.json');
  const planText = await readIfPresent(planPath);
  if (planText === undefined) throw new ProjectError(`--state ${dir}`, 'no manifest.json there; give the target folder of the run to compare with');
  const plan = parse(planText, planPath) as Partial<Plan>;
  if (plan.planVersion !== PLAN_VERSION || !Array.isArray(plan.models)) {
    throw new ProjectError(planPath, `not a crm-warehouse plan of version ${PLAN_VERSION} (dbt's own manifest is not read here)`);
  }
  const resultsPath = join(resolve(dir), RUN_RESULTS_FILE);
  const resultsText = await readIfPresent(resultsPath);
  if (resultsText === undefined) return { plan: plan as Plan };
  const parsed = runResultsSchema.safeParse(parse(resultsText, resultsPath));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProjectError(resultsPath, `not a run-results v6 artifact: ${issue === undefined ? 'invalid' : `${issue.path.join('.')}: ${issue.message}`}`);
  }
  return {
    plan: plan as Plan,
    results: new Map(parsed.data.results.map((result) => [result.unique_id, result.status])),
    ...(parsed.data.args === undefined ? {} : { args: parsed.data.args }),
  };
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parse(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProjectError(path, `not JSON (${(error as Error).message})`);
  }
}
