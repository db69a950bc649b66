import type { Plan, TargetName } from '../plan/plan.ts';
import { compileProject } from '../project/compile.ts';
import { loadProject } from '../project/load-project.ts';
import type { Project } from '../project/project.ts';
import { projectForTarget } from '../project/target-schemas.ts';
import { writePlan } from '../project/write-plan.ts';
import type { ProjectPaths } from './project-paths.ts';

export interface CompiledProject {
  readonly project: Project;
  readonly plan: Plan;
}

/** Load, compile and write the plan: every command that runs SQL starts here, so target/ always shows what ran. */
export async function compileAt(paths: ProjectPaths, target: TargetName, vars: Record<string, unknown>): Promise<CompiledProject> {
  const project = projectForTarget(await loadProject(paths.projectDir), { engine: target, schemaPrefix: paths.schemaPrefix });
  const plan = compileProject(project, { target, vars });
  await writePlan(plan, paths.targetDir);
  return { project, plan };
}
