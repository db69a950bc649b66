/** The raw tables declared in `sql/sources.yml`, one spec per `source.table`. */
import { columnSpecsOf } from './column-specs.ts';
import { ProjectError } from './errors.ts';
import { parseTestsOf } from './parse-generic-tests.ts';
import { sourceSchema, sourcesFileSchema } from './project-schemas.ts';
import type { SourceTableSpec } from './project.ts';
import { validateYaml } from './schema-issues.ts';
import { sourceFreshnessOf } from './source-freshness.ts';
import { isMapping } from './yaml-mapping.ts';
import { formatYamlPath, yamlPlace } from './yaml-path.ts';

export function sourceTablesOf(value: unknown, file: string, errors: ProjectError[]): SourceTableSpec[] {
  validateYaml(sourcesFileSchema, value, file, [], errors);
  const sources = isMapping(value) && Array.isArray(value.sources) ? (value.sources as unknown[]) : [];
  const tables: SourceTableSpec[] = [];
  const declaredAt = new Map<string, string>();
  sources.forEach((source, sourceIndex) => {
    const sourcePath = ['sources', sourceIndex];
    const valid = validateYaml(sourceSchema, source, file, sourcePath, errors);
    const rawTables = isMapping(source) && Array.isArray(source.tables) ? (source.tables as unknown[]) : [];
    rawTables.forEach((table, tableIndex) => {
      const path = [...sourcePath, 'tables', tableIndex];
      const tests = parseTestsOf(table, { file, path }, errors);
      const validTable = valid?.tables[tableIndex];
      const columns = columnSpecsOf(isMapping(table) ? table.columns : undefined, validTable?.columns, file, path, errors);
      if (valid === undefined || validTable === undefined) return;
      const key = `${valid.name}.${validTable.name}`;
      const earlier = declaredAt.get(key);
      if (earlier !== undefined) {
        errors.push(new ProjectError(yamlPlace(file, path), `source table '${key}' is already declared at ${earlier}`));
        return;
      }
      declaredAt.set(key, formatYamlPath(path));
      const freshness = sourceFreshnessOf(valid, validTable, columns, { file, sourcePath, tablePath: path }, errors);
      tables.push({
        sourceName: valid.name,
        tableName: validTable.name,
        schema: valid.schema ?? valid.name,
        ...(validTable.description == null ? {} : { description: validTable.description }),
        columns,
        tests,
        origin: { path: file, yamlPath: formatYamlPath(path) },
        ...(freshness === undefined ? {} : { freshness }),
      });
    });
  });
  return tables;
}
