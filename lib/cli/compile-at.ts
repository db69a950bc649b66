import { dbtManifest } from '../artifacts/dbt-manifest.ts';
import { DBT_MANIFEST_FILE, writeArtifact } from '../artifacts/write-artifacts.ts';
import type { Plan, TargetName } from '../plan/plan.ts';
import { compileProject } from '../project/compile.ts';
import { deferToState } from '../project/defer.ts';
import { loadProject } from '../project/load-project.ts';
import type { Project } from '../project/project.ts';
import { projectForTarget } from '../project/target-schemas.ts';
import { writePlan } from '../project/write-plan.ts';
import type { ProjectPaths } from './project-paths.ts';
import { newRunId } from './run-id.ts';

export interface CompiledProject {
  readonly project: Project;
  readonly plan: Plan;
}

/**
 * Load, compile and write the plan (and dbt's manifest of it): every command that runs SQL starts
 * here, so target/ always shows what ran.
 */
export async function compileAt(paths: ProjectPaths, target: TargetName, vars: Record<string, unknown>, runId = newRunId()): Promise<CompiledProject> {
  const project = projectForTarget(await loadProject(paths.projectDir), { engine: target, schemaPrefix: paths.schemaPrefix });
  return { project, plan: await compileAndWrite(paths, project, target, vars, runId) };
}

/** `--defer`: compile again with the models left out of the selection read from the state's relations, and write that plan. */
export async function compileDeferred(
  paths: ProjectPaths,
  compiled: CompiledProject,
  selectedModelIds: readonly string[],
  state: Plan,
  vars: Record<string, unknown>,
  runId: string,
): Promise<Plan> {
  return compileAndWrite(paths, deferToState(compiled.project, selectedModelIds, state), compiled.plan.target, vars, runId);
}

async function compileAndWrite(paths: ProjectPaths, project: Project, target: TargetName, vars: Record<string, unknown>, runId: string): Promise<Plan> {
  const plan = compileProject(project, { target, vars });
  await writePlan(plan, paths.targetDir);
  await writeArtifact(paths.targetDir, DBT_MANIFEST_FILE, dbtManifest(plan, runId, new Date()));
  return plan;
}
