/**
 * Renders a query typed on the command line (`show --inline`) with the project's templating, as the
 * compiler renders a model: `ref()`, `source()`, `var()` and the project's macros resolve against the
 * same target and vars, so the query reads what the compiled models read.
 */
import type { TargetName } from '../plan/plan.ts';
import { checkedVars } from './checked-vars.ts';
import { scopeToCrmSystem } from './crm-system.ts';
import type { Project } from './project.ts';
import { ProjectNodes } from './project-nodes.ts';
import { renderTemplate } from './template.ts';

/** Where errors in the query say it came from. */
export const INLINE_PLACE = '--inline';

export function compileInline(project: Project, sql: string, options: { readonly target: TargetName; readonly vars?: Readonly<Record<string, unknown>> }): string {
  const vars = checkedVars(project.config.vars, options.vars ?? {}, '--vars');
  const scope = scopeToCrmSystem(project, vars);
  const nodes = new ProjectNodes(scope.project, options.target, vars, scope.providers);
  return renderTemplate(sql, INLINE_PLACE, nodes.templateContext()).trim();
}
