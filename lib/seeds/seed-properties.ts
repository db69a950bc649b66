/**
 * The `seeds:` entries of `sql/seeds/*.yml` (dbt version-2 properties of seeds): a description,
 * `config: {column_types: {column: type}}`, and columns with descriptions and tests, as models have.
 */
import { z } from 'zod';
import { columnSpecsOf } from '../project/column-specs.ts';
import { ProjectError } from '../project/errors.ts';
import { parseTestsOf } from '../project/parse-generic-tests.ts';
import { columnSchema, nonEmptyString, strictObject } from '../project/project-schemas.ts';
import type { ColumnSpec, GenericTestSpec, Origin } from '../project/project.ts';
import { validateYaml } from '../project/schema-issues.ts';
import { isMapping } from '../project/yaml-mapping.ts';
import { formatYamlPath } from '../project/yaml-path.ts';

export interface SeedProperties {
  readonly name: string;
  readonly description?: string;
  /** `column_types:` as written, with the YAML place of each. */
  readonly columnTypes: ReadonlyMap<string, { readonly type: string; readonly place: string }>;
  readonly columns: readonly ColumnSpec[];
  readonly tests: readonly GenericTestSpec[];
  readonly origin: Origin & { readonly yamlPath: string };
}

const seedsFileSchema = strictObject({ version: z.literal(2, { error: 'expected 2 (dbt property files are version 2)' }).optional(), seeds: z.array(z.unknown()).nullish() });

const seedSchema = strictObject({
  name: nonEmptyString,
  description: z.string().nullish(),
  config: strictObject({ column_types: z.record(z.string(), nonEmptyString).nullish() }, 'seed config key (only column_types)').nullish(),
  columns: z.array(columnSchema).nullish(),
  tests: z.unknown().optional(),
  data_tests: z.unknown().optional(),
});

export function seedPropertiesOf(value: unknown, file: string, errors: ProjectError[]): SeedProperties[] {
  validateYaml(seedsFileSchema, value, file, [], errors);
  const entries = isMapping(value) && Array.isArray(value.seeds) ? (value.seeds as unknown[]) : [];
  const seeds: SeedProperties[] = [];
  entries.forEach((entry, index) => {
    const path = ['seeds', index];
    const valid = validateYaml(seedSchema, entry, file, path, errors);
    const tests = parseTestsOf(entry, { file, path }, errors);
    const columns = columnSpecsOf(isMapping(entry) ? entry.columns : undefined, valid?.columns, file, path, errors);
    if (valid === undefined) return;
    const yamlPath = formatYamlPath(path);
    const columnTypes = new Map(
      Object.entries(valid.config?.column_types ?? {}).map(([column, type]) => [column.toLowerCase(), { type, place: `${file}: ${yamlPath}.config.column_types.${column}` }]),
    );
    seeds.push({
      name: valid.name,
      ...(valid.description == null ? {} : { description: valid.description }),
      columnTypes,
      columns,
      tests,
      origin: { path: file, yamlPath },
    });
  });
  return seeds;
}
