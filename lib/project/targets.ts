/**
 * Named targets, dbt's profiles: `profiles.yml` (next to sql/) binds each name (dev, ci, prod, …) to an engine,
 * its connection settings and the prefix that keeps the target's schemas apart from production.
 * `--target` names one of them, or an engine (`duckdb`, `postgres`, `redshift`): an engine name the
 * file does not define is a target of that engine writing the production schemas, as before targets
 * existed, so existing commands keep working.
 */
import type { TargetName } from '../plan/plan.ts';
import { closestName } from './closest-name.ts';
import { ProjectError, ProjectErrors } from './errors.ts';
import { readYamlFile } from './yaml-file.ts';

export const PROFILES_FILE = 'profiles.yml';

export const ENGINES = ['duckdb', 'postgres', 'redshift'] as const satisfies readonly TargetName[];

/** dbt's production target name: the one target whose schemas are never prefixed. */
export const PRODUCTION_TARGET = 'prod';

/** What the cloud pipeline builds: production schemas on Redshift (the steps get their connection from their environment). */
export const PIPELINE_TARGET = { name: PRODUCTION_TARGET, engine: 'redshift', schemaPrefix: '' } as const;

/** Where a target connects; every field is a CLI option of the same meaning, which overrides it. */
export interface TargetConnection {
  /** duckdb: the DuckDB file; postgres: the PGlite data folder (relative to the project folder). */
  readonly database?: string;
  readonly workgroup?: string;
  readonly databaseName?: string;
  readonly region?: string;
  readonly dataApiEndpoint?: string;
}

export interface NamedTarget {
  readonly name: string;
  readonly engine: TargetName;
  /** Put before every model's schema by generate_schema_name; '' writes the production schemas. */
  readonly schemaPrefix: string;
  readonly connection: TargetConnection;
}

const CONNECTION_KEYS: Readonly<Record<string, keyof TargetConnection>> = {
  database: 'database',
  workgroup: 'workgroup',
  database_name: 'databaseName',
  region: 'region',
  data_api_endpoint: 'dataApiEndpoint',
};
const REDSHIFT_ONLY = new Set(['workgroup', 'database_name', 'region', 'data_api_endpoint']);
const TARGET_KEYS = ['engine', 'schema_prefix', ...Object.keys(CONNECTION_KEYS)];

/** The targets of `<projectDir>/profiles.yml` (none when the file is absent). */
export async function loadTargets(projectDir: string): Promise<ReadonlyMap<string, NamedTarget>> {
  const errors: ProjectError[] = [];
  const file = await readYamlFile(projectDir, PROFILES_FILE, errors, { optional: true });
  if (errors.length > 0) throw new ProjectErrors(errors);
  return file === undefined ? new Map() : parseTargets(file.value);
}

export function parseTargets(value: unknown): ReadonlyMap<string, NamedTarget> {
  const errors: ProjectError[] = [];
  const fail = (path: string, detail: string): void => void errors.push(new ProjectError(`${PROFILES_FILE}: ${path}`, detail));
  const targets = new Map<string, NamedTarget>();
  if (!isMapping(value) || !isMapping(value.targets)) {
    throw new ProjectErrors([new ProjectError(PROFILES_FILE, "expected a mapping 'targets:' of target names to their settings")]);
  }
  for (const key of Object.keys(value)) if (key !== 'targets') fail(key, `unknown key; the file holds only 'targets:'`);
  for (const [name, settings] of Object.entries(value.targets)) {
    const path = `targets.${name}`;
    if (!/^[a-z][a-z0-9_]*$/.test(name)) fail(path, 'a target name is lower-case letters, digits and _');
    if (!isMapping(settings)) {
      fail(path, 'expected a mapping with at least engine:');
      continue;
    }
    for (const key of Object.keys(settings)) {
      if (!TARGET_KEYS.includes(key)) fail(`${path}.${key}`, `unknown setting${hint(key, TARGET_KEYS)}`);
    }
    const engine = settings.engine;
    if (typeof engine !== 'string' || !(ENGINES as readonly string[]).includes(engine)) {
      fail(`${path}.engine`, `expected one of ${ENGINES.join(', ')}, got ${JSON.stringify(engine)}`);
      continue;
    }
    const connection: Record<string, string> = {};
    for (const [key, field] of Object.entries(CONNECTION_KEYS)) {
      const setting = settings[key];
      if (setting === undefined) continue;
      if (typeof setting !== 'string' || setting === '') fail(`${path}.${key}`, 'expected a non-empty string');
      else if (REDSHIFT_ONLY.has(key) && engine !== 'redshift') fail(`${path}.${key}`, `is a redshift setting; this target's engine is ${engine}`);
      else connection[field] = setting;
    }
    const prefix = settings.schema_prefix ?? '';
    if (typeof prefix !== 'string') {
      fail(`${path}.schema_prefix`, 'expected a string');
      continue;
    }
    if (name === PRODUCTION_TARGET && prefix !== '') fail(`${path}.schema_prefix`, `'${PRODUCTION_TARGET}' writes the production schemas and takes no prefix`);
    if (!PLAIN_PREFIX.test(prefix.replace(ENVIRONMENT_VARIABLE, 'x'))) {
      fail(`${path}.schema_prefix`, `'${prefix}' would not make a plain schema name: use lower-case letters, digits, _ and \${NAME}`);
      continue;
    }
    targets.set(name, { name, engine: engine as TargetName, schemaPrefix: prefix, connection });
  }
  if (errors.length > 0) throw new ProjectErrors(errors);
  return targets;
}

const PLAIN_PREFIX = /^([a-z_][a-z0-9_]*)?$/;
const ENVIRONMENT_VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * The target `--target` names: a target of the file first, else an engine name (production
 * schemas). Anything else is an error listing both. Only the chosen target's `${NAME}` must be set.
 */
export function resolveTarget(targets: ReadonlyMap<string, NamedTarget>, name: string, env: NodeJS.ProcessEnv = process.env): NamedTarget {
  const named = targets.get(name);
  if (named !== undefined) return { ...named, schemaPrefix: expandEnvironment(named, env) };
  if ((ENGINES as readonly string[]).includes(name)) return { name, engine: name as TargetName, schemaPrefix: '', connection: {} };
  const known = [...targets.keys()];
  const suggestion = closestName(name, [...known, ...ENGINES]);
  throw new ProjectError(
    '--target',
    `'${name}' is neither a target of ${PROFILES_FILE} (${known.length === 0 ? 'none' : known.join(', ')}) nor an engine (${ENGINES.join(', ')})` +
      (suggestion === undefined ? '' : `; did you mean '${suggestion}'?`),
  );
}

/** `${NAME}` is the environment variable's value, lower-cased, anything but letters, digits and _ made _. */
function expandEnvironment(target: NamedTarget, env: NodeJS.ProcessEnv): string {
  return target.schemaPrefix.replace(ENVIRONMENT_VARIABLE, (_, variable: string) => {
    const value = env[variable];
    if (value === undefined || value === '') {
      throw new ProjectError(`${PROFILES_FILE}: targets.${target.name}.schema_prefix`, `environment variable ${variable} is not set`);
    }
    return value.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  });
}

function hint(typed: string, candidates: readonly string[]): string {
  const suggestion = closestName(typed, candidates);
  return suggestion === undefined ? `; known: ${candidates.join(', ')}` : `; did you mean '${suggestion}'?`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
