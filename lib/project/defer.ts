/**
 * dbt's `--defer`: a model the selection leaves out is read where the `--state` run built it
 * (production), not in this target's schemas, where it was never built. Every left-out model the
 * state knows gets that run's schema; the selected ones keep this target's. As with dbt's
 * `--favor-state`, a left-out model is read from the state even when this target also has it.
 */
import type { Plan } from '../plan/plan.ts';
import type { Project } from './project.ts';

export function deferToState(project: Project, selectedModelIds: readonly string[], state: Plan): Project {
  const selected = new Set(selectedModelIds);
  const stateSchemas = new Map(state.models.map((model) => [model.id, model.relation]));
  return {
    ...project,
    models: project.models.map((model) => {
      const id = `model.${project.config.name}.${model.name}`;
      const relation = stateSchemas.get(id);
      return selected.has(id) || relation === undefined || relation.name !== model.name.toLowerCase() ? model : { ...model, schema: relation.schema };
    }),
  };
}
