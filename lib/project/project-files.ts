/**
 * Finds the files of the SQL project under `sql/`: the folder decides what a file is
 * (docs/architecture.md, "The SQL project"). A .sql or .yml file anywhere else would be silently
 * ignored by a looser reader; here it is an error, so nothing a user writes goes unused.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Layer } from '../plan/plan.ts';
import { didYouMean } from './did-you-mean.ts';
import { ProjectError } from './errors.ts';
import { NON_LAYER_FOLDERS } from './project-schemas.ts';

export interface LayerFile {
  /** Project-relative, `/`-separated: `sql/facts/fact_deals.sql`. */
  readonly path: string;
  readonly layer: Layer;
}

export interface ProjectFiles {
  readonly models: readonly LayerFile[];
  /** The property files (`schema.yml` and any other `.yml`) of the layer folders. */
  readonly properties: readonly LayerFile[];
  readonly singularTests: readonly string[];
  /** `sql/tests/generic/*.sql`: the project's own generic tests (`{% test name(model, …) %}`). */
  readonly genericTests: readonly string[];
  /** `sql/macros/**.sql`: the project's macros. */
  readonly macros: readonly string[];
  readonly hasExposures: boolean;
  /** `sql/**.md`: files that may hold doc blocks (doc-blocks.ts). */
  readonly docs: readonly string[];
  /** `sql/seeds/**`: the seeds' CSV files and their property files (lib/seeds). */
  readonly seeds: { readonly csv: string[]; readonly properties: string[] };
}

const ROOT_FILES = ['project.yml', 'sources.yml', 'exposures.yml'];

/**
 * `layers` are the layer names of `sql/project.yml`; undefined when that file is broken (already
 * reported), and then a folder that is no layer is not reported again.
 */
export async function listProjectFiles(root: string, layers: readonly Layer[] | undefined, errors: ProjectError[]): Promise<ProjectFiles> {
  const models: LayerFile[] = [];
  const properties: LayerFile[] = [];
  const singularTests: string[] = [];
  const genericTests: string[] = [];
  const macros: string[] = [];
  let hasExposures = false;
  const docs: string[] = [];
  const seeds = { csv: [] as string[], properties: [] as string[] };

  for (const path of await walk(root, 'sql')) {
    const segments = path.split('/').slice(1);
    const [top] = segments;
    const fileName = segments.at(-1) as string;
    const isSql = fileName.endsWith('.sql');
    const isYaml = fileName.endsWith('.yml') || fileName.endsWith('.yaml');
    if (fileName.endsWith('.md')) docs.push(path);
    if (top === 'seeds' && segments.length > 1 && (fileName.endsWith('.csv') || isYaml)) {
      (isYaml ? seeds.properties : seeds.csv).push(path);
      continue;
    }
    if (!isSql && !isYaml) continue;

    if (segments.length === 1) {
      if (fileName === 'exposures.yml') hasExposures = true;
      if (!ROOT_FILES.includes(fileName)) {
        errors.push(new ProjectError(path, `not a project file: sql/ holds ${ROOT_FILES.join(', ')} and the layer and tests folders`));
      }
    } else if (top === 'tests' && isSql) {
      (segments[1] === 'generic' && segments.length === 3 ? genericTests : singularTests).push(path);
    } else if (top === 'macros' && isSql) {
      macros.push(path);
    } else if (!(NON_LAYER_FOLDERS as readonly string[]).includes(top as string) && (layers === undefined || layers.includes(top as string))) {
      const layer = top as Layer;
      // As in dbt, every YAML file of a layer folder is a property file, so a large layer can
      // keep its unit tests apart from its model properties.
      if (isSql) models.push({ path, layer });
      else properties.push({ path, layer });
    } else {
      const known = layers ?? [];
      const misplaced = (NON_LAYER_FOLDERS as readonly string[]).includes(top as string) ? '' : `${didYouMean(top as string, known)} (a layer is a key of models: in sql/project.yml)`;
      errors.push(
        new ProjectError(
          path,
          `not read: models go in sql/${known.join(', sql/')} (with their schema.yml), singular tests in sql/tests, macros in sql/macros${misplaced}`,
        ),
      );
    }
  }
  return { models, properties, singularTests, genericTests, macros, hasExposures, docs, seeds };
}

/** Every file under `relative`, as sorted project-relative paths; a missing folder has none. */
async function walk(root: string, relative: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(root, relative), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const path = `${relative}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await walk(root, path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
