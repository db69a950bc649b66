/**
 * Reads and validates the SQL project under `root/sql` into a Project (lib/project/project.ts).
 * Every problem in every file is collected and thrown once as ProjectErrors, each message
 * starting with `file:line` or `file: yaml.path`.
 */
import { readFile } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { didYouMean } from './did-you-mean.ts';
import { loadDocBlocks } from './doc-blocks.ts';
import { withDocBlocks } from './doc-blocks-in-yaml.ts';
import { loadSeeds, seedNames } from '../seeds/load-seeds.ts';
import { checkContractConfig } from './contract-config.ts';
import { ProjectError, ProjectErrors } from './errors.ts';
import { exposureSpecsOf } from './exposure-specs.ts';
import { checkIncrementalConfig, checkLandedKeysUse, type ConfigKeyPlace } from './incremental-config.ts';
import { effectiveModelConfig } from './model-config.ts';
import { modelPropertiesOf, type ModelProperties } from './model-properties.ts';
import { projectConfigOf } from './project-config.ts';
import { loadMacros } from './load-macros.ts';
import { loadGenericTests } from './test-definitions.ts';
import { checkTestUsages } from './test-usage.ts';
import { listProjectFiles, type LayerFile } from './project-files.ts';
import {
  checkExposureDependencies,
  checkRelationshipTargets,
  checkTemplateReferences,
  type ProjectNames,
} from './project-references.ts';
import { MODEL_CONFIG_SHAPE, SINGULAR_TEST_CONFIG_SHAPE } from './project-schemas.ts';
import type { ExposureSpec, ModelSpec, Project, SingularTestSpec, UnitTestSpec } from './project.ts';
import { sourceTablesOf } from './source-tables.ts';
import { validateSqlConfig } from './sql-config.ts';
import { scanTemplate, type TemplateScan } from './template.ts';
import { checkUnitTests } from './unit-test-references.ts';
import { unitTestSpecsOf } from './unit-test-specs.ts';
import { checkUnitTestVars } from './unit-test-vars.ts';
import type { UserMacros } from './user-macros.ts';
import { readYamlFile } from './yaml-file.ts';
import { testRunConfigOf } from './test-config.ts';

const PROJECT_FILE = 'sql/project.yml';
const SOURCES_FILE = 'sql/sources.yml';
const EXPOSURES_FILE = 'sql/exposures.yml';

/** Relations and test ids are built from file names, so these must be plain lower-case identifiers. */
const NAME_PATTERN = /^[a-z_][a-z0-9_]*$/;

interface SqlFile {
  readonly name: string;
  readonly path: string;
  readonly rawSql: string;
  /** Absent when the template itself is broken (already reported). */
  readonly scan?: TemplateScan;
}

export async function loadProject(root: string): Promise<Project> {
  const projectRoot = resolve(root);
  const errors: ProjectError[] = [];

  const projectFile = await readYamlFile(projectRoot, PROJECT_FILE, errors);
  const config = projectFile === undefined ? undefined : projectConfigOf(projectFile.value, PROJECT_FILE, errors);
  const files = await listProjectFiles(projectRoot, config?.layers.map((layer) => layer.name), errors);
  const docs = await loadDocBlocks(projectRoot, files.docs, errors);
  const readPropertyFile = async (path: string) => {
    const read = await readYamlFile(projectRoot, path, errors);
    return read === undefined ? undefined : { value: withDocBlocks(read.value, path, docs, errors) };
  };
  const sourcesFile = await readPropertyFile(SOURCES_FILE);
  const sources = sourcesFile === undefined ? [] : sourceTablesOf(sourcesFile.value, SOURCES_FILE, errors);

  const macros = await loadMacros(projectRoot, files.macros, errors);
  const genericTests = await loadGenericTests(projectRoot, files.genericTests, macros, errors);
  const modelFiles = await readSqlFiles(projectRoot, files.models, 'model', macros, errors);
  const modelNames = new Set(modelFiles.map((file) => file.name));
  const { properties, unitTests } = await readModelProperties(readPropertyFile, files.properties, modelNames, errors);

  const layers = new Map(config?.layers.map((layer) => [layer.name, layer]));
  const models: ModelSpec[] = [];
  for (const file of modelFiles) {
    const { layer } = file;
    const sqlConfig = file.scan === undefined ? {} : validateSqlConfig(file.scan, MODEL_CONFIG_SHAPE, file.path, errors);
    const layerDefaults = layers.get(layer);
    if (layerDefaults === undefined) continue;
    const described = properties.get(file.name);
    const places = configPlaces(file, described);
    const model: ModelSpec = {
      name: file.name,
      layer,
      path: file.path,
      rawSql: file.rawSql,
      ...(described?.description === undefined ? {} : { description: described.description }),
      ...(described?.grain === undefined ? {} : { grain: described.grain }),
      ...effectiveModelConfig(layerDefaults, described?.config ?? {}, sqlConfig, { properties: places.properties, sql: places.of('post_hook') }),
      columns: described?.columns ?? [],
      tests: described?.tests ?? [],
      ...(described === undefined ? {} : { origin: described.origin }),
    };
    checkIncrementalConfig(model, places.of, errors);
    if (file.scan !== undefined) {
      checkLandedKeysUse(file.scan, file.path, model.materialized === 'incremental', `model '${model.name}' is materialized as ${model.materialized}`, errors);
    }
    models.push(model);
  }

  models.push(...(await loadSeeds(projectRoot, files.seeds, config?.layers[0], readPropertyFile, modelNames, errors)));
  for (const model of models) checkContractConfig(model, errors);

  const testFiles = await readSqlFiles(
    projectRoot,
    files.singularTests.map((path) => ({ path })),
    'singular test',
    macros,
    errors,
  );
  const singularTests = testFiles.map((file): SingularTestSpec => {
    const testConfig = file.scan === undefined ? {} : validateSqlConfig(file.scan, SINGULAR_TEST_CONFIG_SHAPE, file.path, errors);
    if (file.scan !== undefined) checkLandedKeysUse(file.scan, file.path, false, `'${file.name}' is a singular test`, errors);
    const { severity, ...runConfig } = testConfig;
    const config = testRunConfigOf(runConfig);
    return { name: file.name, path: file.path, rawSql: file.rawSql, severity: severity ?? 'error', ...(Object.keys(config).length === 0 ? {} : { config }) };
  });

  const exposuresFile = files.hasExposures ? await readPropertyFile(EXPOSURES_FILE) : undefined;
  const exposures = exposuresFile === undefined ? [] : exposureSpecsOf(exposuresFile.value, EXPOSURES_FILE, errors);
  checkUniqueExposureNames(exposures, errors);

  const names: ProjectNames = {
    models: new Set([...modelNames, ...seedNames(files.seeds)]),
    sources: new Set(sources.map((source) => `${source.sourceName}.${source.tableName}`)),
  };
  for (const file of [...modelFiles, ...testFiles]) {
    if (file.scan !== undefined) checkTemplateReferences(file.path, file.scan, names, errors);
  }
  const declaredTests = [...models, ...sources].flatMap((node) => [
    ...node.tests,
    ...node.columns.flatMap((column) => column.tests),
  ]);
  checkRelationshipTargets(declaredTests, names, errors);
  checkTestUsages(declaredTests, genericTests, errors);
  for (const exposure of exposures) checkExposureDependencies(exposure, names, errors);
  checkUnitTests(unitTests, new Map(modelFiles.map((file) => [file.name, file.scan])), errors);
  if (config !== undefined) checkUnitTestVars(unitTests, config.vars, errors);

  if (errors.length > 0 || config === undefined) throw new ProjectErrors(errors);
  return {
    root: projectRoot,
    config,
    models: models.sort((a, b) => compare(a.name, b.name)),
    sources,
    singularTests: singularTests.sort((a, b) => compare(a.name, b.name)),
    exposures,
    ...(unitTests.length === 0 ? {} : { unitTests }),
    ...(macros.size === 0 ? {} : { macros }),
    ...(genericTests.size === 0 ? {} : { genericTests }),
    ...(docs.size === 0 ? {} : { docs: [...docs.values()].sort((a, b) => compare(a.name, b.name)) }),
  };
}

/**
 * Where a model's config key was set: the config() call in its .sql file, else its schema.yml entry,
 * else (a layer default) the .sql file.
 */
function configPlaces(file: SqlFile, described: ModelProperties | undefined): { properties: string; of: ConfigKeyPlace } {
  const properties = described === undefined ? file.path : `${described.origin.path}: ${described.origin.yamlPath}.config`;
  return {
    properties,
    of: (key) => {
      const line = file.scan?.configLines[key];
      if (line !== undefined) return `${file.path}:${line}`;
      return described?.config[key] === undefined ? file.path : `${properties}.${key}`;
    },
  };
}

/**
 * Reads .sql files, named after their file stem, and scans their templates. Names must be valid
 * and unique within their kind (models across all layers).
 */
async function readSqlFiles<File extends { readonly path: string }>(
  root: string,
  files: readonly File[],
  kind: string,
  macros: UserMacros,
  errors: ProjectError[],
): Promise<(SqlFile & File)[]> {
  const firstPath = new Map<string, string>();
  const read: (SqlFile & File)[] = [];
  for (const file of files) {
    const name = posix.basename(file.path, '.sql');
    if (!NAME_PATTERN.test(name)) {
      errors.push(new ProjectError(file.path, `${kind} name '${name}' is not a lower-case SQL identifier (a-z, 0-9, _)`));
      continue;
    }
    const earlier = firstPath.get(name);
    if (earlier !== undefined) {
      errors.push(new ProjectError(file.path, `${kind} name '${name}' is already used by ${earlier}`));
      continue;
    }
    firstPath.set(name, file.path);
    const rawSql = await readFile(join(root, file.path), 'utf8');
    let scan: TemplateScan | undefined;
    try {
      scan = scanTemplate(rawSql, file.path, macros);
    } catch (error) {
      if (!(error instanceof ProjectError)) throw error;
      errors.push(error);
    }
    read.push({ ...file, name, rawSql, ...(scan === undefined ? {} : { scan }) });
  }
  return read;
}

async function readModelProperties(
  readPropertyFile: (path: string) => Promise<{ readonly value: unknown } | undefined>,
  files: readonly LayerFile[],
  modelNames: ReadonlySet<string>,
  errors: ProjectError[],
): Promise<{ properties: Map<string, ModelProperties>; unitTests: UnitTestSpec[] }> {
  const byName = new Map<string, ModelProperties>();
  const unitTests: UnitTestSpec[] = [];
  for (const file of files) {
    const read = await readPropertyFile(file.path);
    if (read === undefined) continue;
    unitTests.push(...unitTestSpecsOf(read.value, file.path, errors));
    for (const entry of modelPropertiesOf(read.value, file.path, errors)) {
      const place = `${entry.origin.path}: ${entry.origin.yamlPath}`;
      const earlier = byName.get(entry.name);
      if (!modelNames.has(entry.name)) {
        errors.push(new ProjectError(place, `model '${entry.name}' has no SQL file${didYouMean(entry.name, modelNames)}`));
      } else if (earlier !== undefined) {
        errors.push(
          new ProjectError(place, `model '${entry.name}' is already described at ${earlier.origin.path}: ${earlier.origin.yamlPath}`),
        );
      } else {
        byName.set(entry.name, entry);
      }
    }
  }
  return { properties: byName, unitTests };
}

function checkUniqueExposureNames(exposures: readonly ExposureSpec[], errors: ProjectError[]): void {
  const seen = new Map<string, ExposureSpec>();
  for (const exposure of exposures) {
    const earlier = seen.get(exposure.name);
    if (earlier === undefined) {
      seen.set(exposure.name, exposure);
    } else {
      errors.push(
        new ProjectError(
          `${exposure.origin.path}: ${exposure.origin.yamlPath}`,
          `exposure '${exposure.name}' is already declared at ${earlier.origin.yamlPath}`,
        ),
      );
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
