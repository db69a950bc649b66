/** `sql/project.yml`: the project name, its vars and the per-layer defaults. */
import type { ProjectError } from './errors.ts';
import { LAYERS, projectFileSchema } from './project-schemas.ts';
import type { LayerDefaults, ProjectConfig } from './project.ts';
import { validateYaml } from './schema-issues.ts';

export function projectConfigOf(value: unknown, file: string, errors: ProjectError[]): ProjectConfig | undefined {
  const valid = validateYaml(projectFileSchema, value, file, [], errors);
  if (valid === undefined) return undefined;
  const layers = Object.fromEntries(
    LAYERS.map((layer): [string, LayerDefaults] => {
      const { schema, materialized, tags, grants } = valid.models[layer];
      return [layer, { schema, materialized, tags: [...new Set(tags ?? [])], ...(grants ? { grants } : {}) }];
    }),
  ) as ProjectConfig['layers'];
  return { name: valid.name, vars: valid.vars ?? {}, layers };
}
