/**
 * The schemas a target builds in, as dbt decides them: every model's schema goes through the
 * project's `generate_schema_name(custom_schema_name, schema_prefix)` macro
 * (sql/macros/generate_schema_name.sql), with the layer's schema and the target's prefix. Without
 * that macro the prefix is simply put in front. Sources are shared by every target: they are the
 * landed input, not something a target builds.
 */
import { ProjectError } from './errors.ts';
import type { Project } from './project.ts';
import type { NamedTarget } from './targets.ts';
import { renderTemplate } from './template.ts';

export const SCHEMA_MACRO = 'generate_schema_name';

/** The project with every model's schema as the target names it. */
export function projectForTarget(project: Project, target: Pick<NamedTarget, 'engine' | 'schemaPrefix'>): Project {
  const macro = project.macros?.get(SCHEMA_MACRO);
  if (macro === undefined && target.schemaPrefix === '') return project;
  const named = new Map<string, string>();
  const schemaOf = (custom: string): string => {
    const known = named.get(custom);
    if (known !== undefined) return known;
    const schema = macro === undefined ? `${target.schemaPrefix}${custom}` : renderSchema(project, target, custom, macro.place);
    named.set(custom, schema);
    return schema;
  };
  const models = project.models.map((model) => ({ ...model, schema: schemaOf(model.schema) }));
  return { ...project, config: { ...project.config, layers: project.config.layers.map((layer) => ({ ...layer, schema: schemaOf(layer.schema) })) }, models };
}

function renderSchema(project: Project, target: Pick<NamedTarget, 'engine' | 'schemaPrefix'>, custom: string, place: string): string {
  const call = `{{ ${SCHEMA_MACRO}(${JSON.stringify(custom)}, ${JSON.stringify(target.schemaPrefix)}) }}`;
  const schema = renderTemplate(call, place, {
    target: target.engine,
    vars: project.config.vars,
    isIncremental: false,
    resolveRef: () => undefined,
    resolveSource: () => undefined,
    ...(project.macros === undefined ? {} : { macros: project.macros }),
  }).trim();
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new ProjectError(place, `${SCHEMA_MACRO}('${custom}', '${target.schemaPrefix}') gave '${schema}', not a plain lower-case schema name`);
  }
  return schema;
}
