/** `sql/project.yml`: the project name, its vars and its layers (the `models:` keys, in order) with their defaults. */
import type { ProjectError } from './errors.ts';
import { projectFileSchema } from './project-schemas.ts';
import type { ProjectConfig, ProjectLayer } from './project.ts';
import { validateYaml } from './schema-issues.ts';

export function projectConfigOf(value: unknown, file: string, errors: ProjectError[]): ProjectConfig | undefined {
  const valid = validateYaml(projectFileSchema, value, file, [], errors);
  if (valid === undefined) return undefined;
  // A YAML mapping keeps the order it was written in, and layer names are never integer-like keys.
  const layers = Object.entries(valid.models).map(
    ([name, { schema, materialized, tags, grants }]): ProjectLayer => ({ name, schema, materialized, tags: [...new Set(tags ?? [])], ...(grants ? { grants } : {}) }),
  );
  return { name: valid.name, vars: valid.vars ?? {}, layers };
}
