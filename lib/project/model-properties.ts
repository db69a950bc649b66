/** The model entries of a layer folder's `schema.yml` (dbt version-2 properties). */
import { columnSpecsOf } from './column-specs.ts';
import type { ProjectError } from './errors.ts';
import { parseTestsOf } from './parse-generic-tests.ts';
import { modelPropertiesSchema, propertiesFileSchema, type ModelConfigInput } from './project-schemas.ts';
import type { ColumnSpec, GenericTestSpec, Origin } from './project.ts';
import { validateYaml } from './schema-issues.ts';
import { isMapping } from './yaml-mapping.ts';
import { formatYamlPath } from './yaml-path.ts';

export interface ModelProperties {
  readonly name: string;
  readonly description?: string;
  readonly grain?: string;
  readonly config: ModelConfigInput;
  readonly columns: readonly ColumnSpec[];
  readonly tests: readonly GenericTestSpec[];
  readonly origin: Origin & { readonly yamlPath: string };
}

export function modelPropertiesOf(value: unknown, file: string, errors: ProjectError[]): ModelProperties[] {
  validateYaml(propertiesFileSchema, value, file, [], errors);
  const entries = isMapping(value) && Array.isArray(value.models) ? (value.models as unknown[]) : [];
  const properties: ModelProperties[] = [];
  entries.forEach((entry, index) => {
    const path = ['models', index];
    const valid = validateYaml(modelPropertiesSchema, entry, file, path, errors);
    const tests = parseTestsOf(entry, { file, path }, errors);
    const columns = columnSpecsOf(isMapping(entry) ? entry.columns : undefined, valid?.columns, file, path, errors);
    if (valid === undefined) return;
    properties.push({
      name: valid.name,
      ...(valid.description == null ? {} : { description: valid.description }),
      ...(valid.meta?.grain === undefined ? {} : { grain: valid.meta.grain }),
      config: valid.config ?? {},
      columns,
      tests,
      origin: { path: file, yamlPath: formatYamlPath(path) },
    });
  });
  return properties;
}
