/**
 * The seeds of `sql/seeds/` as models of the project (dbt's seeds): each CSV file is a table in the
 * `seeds` schema (through generate_schema_name like every model schema, so named targets prefix
 * it), built in the first layer so every model can `ref()` it, with the description, column
 * descriptions and tests of its `seeds:` entry in `sql/seeds/*.yml`.
 */
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { didYouMean } from '../project/did-you-mean.ts';
import { ProjectError } from '../project/errors.ts';
import type { ColumnSpec, ModelSpec, ProjectLayer } from '../project/project.ts';
import { readSeed } from './read-seed.ts';
import { seedPropertiesOf, type SeedProperties } from './seed-properties.ts';

export const SEEDS_SCHEMA = 'seeds';
const NAME = /^[a-z_][a-z0-9_]*$/;

export interface SeedFiles {
  /** `sql/seeds/**.csv` */
  readonly csv: readonly string[];
  /** `sql/seeds/**.yml` */
  readonly properties: readonly string[];
}

/** The seeds' names, also of seeds whose files have problems: a model's ref() to one is not a second error. */
export function seedNames(files: SeedFiles): string[] {
  return files.csv.map((path) => posix.basename(path, '.csv'));
}

export async function loadSeeds(
  root: string,
  files: SeedFiles,
  firstLayer: ProjectLayer | undefined,
  readPropertyFile: (path: string) => Promise<{ readonly value: unknown } | undefined>,
  modelNames: ReadonlySet<string>,
  errors: ProjectError[],
): Promise<ModelSpec[]> {
  const described = new Map<string, SeedProperties>();
  for (const path of files.properties) {
    const read = await readPropertyFile(path);
    for (const entry of read === undefined ? [] : seedPropertiesOf(read.value, path, errors)) {
      const earlier = described.get(entry.name);
      if (earlier !== undefined) errors.push(new ProjectError(`${path}: ${entry.origin.yamlPath}`, `seed '${entry.name}' is already described at ${earlier.origin.path}: ${earlier.origin.yamlPath}`));
      else described.set(entry.name, entry);
    }
  }
  const names = seedNames(files);
  for (const [name, entry] of described) {
    if (!names.includes(name)) errors.push(new ProjectError(`${entry.origin.path}: ${entry.origin.yamlPath}`, `seed '${name}' has no CSV file in sql/seeds${didYouMean(name, names)}`));
  }

  const seeds: ModelSpec[] = [];
  for (const path of files.csv) {
    const name = posix.basename(path, '.csv');
    if (!NAME.test(name)) {
      errors.push(new ProjectError(path, `seed name '${name}' is not a lower-case SQL identifier (a-z, 0-9, _)`));
      continue;
    }
    if (modelNames.has(name) || seeds.some((seed) => seed.name === name)) {
      errors.push(new ProjectError(path, `seed name '${name}' is already used by a model or another seed: ref() could not tell them apart`));
      continue;
    }
    const properties = described.get(name);
    const data = readSeed(await readFile(join(root, path), 'utf8'), path, properties, errors);
    if (data === undefined || firstLayer === undefined) continue;
    const declared = new Map(properties?.columns.map((column) => [column.name.toLowerCase(), column]));
    for (const column of declared.keys()) {
      if (!data.columns.some((each) => each.name === column)) errors.push(new ProjectError(`${properties?.origin.path}: ${properties?.origin.yamlPath}`, `column '${column}' is not in ${path}${didYouMean(column, data.columns.map((each) => each.name))}`));
    }
    seeds.push({
      name,
      layer: firstLayer.name,
      path,
      rawSql: '',
      ...(properties?.description === undefined ? {} : { description: properties.description }),
      schema: SEEDS_SCHEMA,
      materialized: 'table',
      tags: ['seed'],
      // A text column is declared varchar, as staging declares its text: its length is Redshift's storage
      // detail (compile-seed.ts creates it), and DuckDB reports none.
      columns: data.columns.map((column): ColumnSpec => ({
        ...declared.get(column.name),
        name: column.name,
        dataType: column.type.kind === 'varchar' ? 'varchar' : column.type.sql,
        tests: declared.get(column.name)?.tests ?? [],
      })),
      tests: properties?.tests ?? [],
      ...(properties === undefined ? {} : { origin: properties.origin }),
      seed: data,
    });
  }
  return seeds;
}
