/** The `columns:` of a model or source table: names, docs, declared types and their tests. */
import { ProjectError } from './errors.ts';
import { parseTestsOf } from './parse-generic-tests.ts';
import type { ColumnInput } from './project-schemas.ts';
import type { ColumnSpec } from './project.ts';
import { isMapping } from './yaml-mapping.ts';
import { formatYamlPath, yamlPlace, type YamlPath } from './yaml-path.ts';

/**
 * `rawColumns` is the list as parsed from YAML (its tests are read from it even when another key
 * is wrong); `validColumns` the same list after schema validation, absent when it failed.
 */
export function columnSpecsOf(
  rawColumns: unknown,
  validColumns: readonly ColumnInput[] | null | undefined,
  file: string,
  entryPath: YamlPath,
  errors: ProjectError[],
): ColumnSpec[] {
  if (!Array.isArray(rawColumns)) return [];
  const firstDeclared = new Map<string, YamlPath>();
  const specs: ColumnSpec[] = [];
  rawColumns.forEach((rawColumn: unknown, index) => {
    const path = [...entryPath, 'columns', index];
    const name = isMapping(rawColumn) && typeof rawColumn.name === 'string' ? rawColumn.name : undefined;
    if (name === undefined) return;
    const tests = parseTestsOf(rawColumn, { file, path, column: name }, errors);
    // Unquoted identifiers are case-insensitive in every engine.
    const key = name.toLowerCase();
    const earlier = firstDeclared.get(key);
    if (earlier !== undefined) {
      errors.push(new ProjectError(yamlPlace(file, path), `column '${name}' is already declared at ${formatYamlPath(earlier)}`));
      return;
    }
    firstDeclared.set(key, path);
    const valid = validColumns?.[index];
    if (valid === undefined) return;
    specs.push({
      name: valid.name,
      ...(valid.description == null ? {} : { description: valid.description }),
      ...(valid.data_type == null ? {} : { dataType: valid.data_type }),
      tests,
    });
  });
  return specs;
}
