/**
 * The plan a run executes, and how each step gets it.
 *
 * The plan has the vars rendered in (`{{ var('run_date') }}` is a literal in the compiled SQL),
 * so a plan compiled at synth would be for one date, and rendering a date into it afterwards
 * would be a second, textual compiler. Instead the app bundles the *loaded project* with every
 * step (bin/app.ts compiles it once at synth, so a broken project never deploys) and the steps
 * run the one compiler, compileProject, with `{ run_date }`. The compiler is deterministic (same
 * project and vars, byte-identical plan), so rather than archiving the plan in S3 and reading it
 * back, Bootstrap records the plan's sha256 in the run and every later step compiles again and
 * checks the checksum. A deploy during a run (new Lambda code, a changed project) therefore stops
 * the run with PlanChanged instead of mixing two versions of the SQL in one build.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plan } from '../plan/plan.ts';
import { parseBundledProject } from './bundled-project.ts';
import { compileProject } from '../project/compile.ts';
import type { Project } from '../project/project.ts';
import { SelectionError, selectNodes, type Selection } from '../project/selection.ts';
import { projectForTarget } from '../project/target-schemas.ts';
import { PIPELINE_TARGET } from '../project/targets.ts';
import { PIPELINE_ERRORS } from './pipeline-contract.ts';
import { PipelineError, RunInputError } from './pipeline-errors.ts';

export interface RunPlan {
  readonly plan: Plan;
  readonly selection: Selection;
  readonly checksum: string;
}

export class PlanChangedError extends PipelineError {
  constructor(expected: string, actual: string) {
    super(
      PIPELINE_ERRORS.planChanged,
      `the plan compiled now (sha256 ${actual.slice(0, 12)}) is not the one this run started with (${expected.slice(0, 12)}): ` +
        'the pipeline was redeployed during the run. Nothing of this run was published; start it again.',
    );
  }
}

export function compileRunPlan(project: Project, runDate: string, select: readonly string[]): RunPlan {
  const plan = compileProject(projectForTarget(project, PIPELINE_TARGET), { target: PIPELINE_TARGET.engine, vars: { run_date: runDate }, varsOrigin: 'the run input' });
  let selection: Selection;
  try {
    selection = selectNodes(plan, { select });
  } catch (error) {
    if (error instanceof SelectionError) throw new RunInputError([error.message]);
    throw error;
  }
  return { plan, selection, checksum: createHash('sha256').update(JSON.stringify(plan)).digest('hex') };
}

/** The run's plan, compiled again and checked against the checksum Bootstrap recorded. */
export function verifiedRunPlan(project: Project, run: { runDate: string; select: readonly string[]; planChecksum: string }): RunPlan {
  const compiled = compileRunPlan(project, run.runDate, run.select);
  if (compiled.checksum !== run.planChecksum) throw new PlanChangedError(run.planChecksum, compiled.checksum);
  return compiled;
}

/** The project bundled next to the handler (`project.json`, bundled-project.ts), or the file `PROJECT_FILE` names. */
export function readBundledProject(file: string | URL): Project {
  return parseBundledProject(readFileSync(file, 'utf8'));
}
