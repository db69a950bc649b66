/**
 * dbt's selectors.yml (next to sql/): named selections, used as `--selector <name>`. A definition is
 * the command line's syntax as a string, a `method:`/`value:` mapping (with `parents`, `children`,
 * `parents_depth`, `children_depth`, `childrens_parents`), or `union:` / `intersection:` lists of
 * them; a union may hold `exclude:`. Each becomes the `--select` and `--exclude` words selection.ts
 * reads, so a selector selects exactly what the same words on the command line would.
 */
import { ProjectError, ProjectErrors } from './errors.ts';
import { readYamlFile } from './yaml-file.ts';

export const SELECTORS_FILE = 'selectors.yml';

export interface NamedSelector {
  readonly name: string;
  readonly description?: string;
  readonly select: readonly string[];
  readonly exclude: readonly string[];
}

export async function loadSelectors(projectDir: string): Promise<ReadonlyMap<string, NamedSelector>> {
  const errors: ProjectError[] = [];
  const file = await readYamlFile(projectDir, SELECTORS_FILE, errors, { optional: true });
  if (errors.length > 0) throw new ProjectErrors(errors);
  return file === undefined ? new Map() : parseSelectors(file.value);
}

export function parseSelectors(value: unknown): ReadonlyMap<string, NamedSelector> {
  const errors: ProjectError[] = [];
  const selectors = new Map<string, NamedSelector>();
  const names = new Set<string>();
  if (!isMapping(value) || !Array.isArray(value.selectors)) {
    throw new ProjectErrors([new ProjectError(SELECTORS_FILE, "expected 'selectors:', a list of {name, definition}")]);
  }
  value.selectors.forEach((entry: unknown, index: number) => {
    const path = `selectors[${index}]`;
    if (!isMapping(entry) || typeof entry.name !== 'string' || entry.name === '' || entry.definition === undefined) {
      errors.push(new ProjectError(`${SELECTORS_FILE}: ${path}`, 'expected a mapping with name: and definition:'));
      return;
    }
    if (names.has(entry.name)) {
      errors.push(new ProjectError(`${SELECTORS_FILE}: ${path}.name`, `selector '${entry.name}' is defined twice`));
      return;
    }
    names.add(entry.name);
    try {
      const words = translate(entry.definition, `${path}.definition`);
      const description = typeof entry.description === 'string' ? entry.description : undefined;
      selectors.set(entry.name, { name: entry.name, ...(description === undefined ? {} : { description }), ...words });
    } catch (error) {
      if (!(error instanceof ProjectError)) throw error;
      errors.push(error);
    }
  });
  if (errors.length > 0) throw new ProjectErrors(errors);
  return selectors;
}

interface Words {
  readonly select: string[];
  readonly exclude: string[];
}

function translate(definition: unknown, path: string): Words {
  if (typeof definition === 'string') return { select: definition.split(/\s+/).filter((word) => word !== ''), exclude: [] };
  if (!isMapping(definition)) throw fail(path, 'expected a string, a method: mapping, union: or intersection:');
  if ('union' in definition) {
    const items = list(definition.union, `${path}.union`);
    const words: Words = { select: [], exclude: [] };
    items.forEach((item, index) => {
      const itemPath = `${path}.union[${index}]`;
      if (isMapping(item) && 'exclude' in item) {
        for (const [position, excluded] of list(item.exclude, `${itemPath}.exclude`).entries()) {
          words.exclude.push(...translate(excluded, `${itemPath}.exclude[${position}]`).select);
        }
        return;
      }
      const inner = translate(item, itemPath);
      words.select.push(...inner.select);
      words.exclude.push(...inner.exclude);
    });
    return words;
  }
  if ('intersection' in definition) {
    const parts = list(definition.intersection, `${path}.intersection`).map((item, index) => {
      const inner = translate(item, `${path}.intersection[${index}]`);
      if (inner.select.length !== 1 || inner.exclude.length > 0) {
        throw fail(`${path}.intersection[${index}]`, 'each part of an intersection is one selector (a union inside an intersection is not supported)');
      }
      return inner.select[0] as string;
    });
    return { select: [parts.join(',')], exclude: [] };
  }
  return { select: [methodWord(definition, path)], exclude: [] };
}

function methodWord(definition: Record<string, unknown>, path: string): string {
  const { method, value } = definition;
  if (typeof method !== 'string' || (typeof value !== 'string' && typeof value !== 'number')) {
    throw fail(path, 'expected method: and value: (or union:, intersection:)');
  }
  const depth = (flag: string, depthKey: string): string | undefined => {
    const limit = definition[depthKey];
    if (limit !== undefined) {
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) throw fail(`${path}.${depthKey}`, 'expected a whole number of at least 1');
      return String(limit);
    }
    return definition[flag] === true ? '' : undefined;
  };
  const up = depth('parents', 'parents_depth');
  const down = depth('children', 'children_depth');
  const at = definition.childrens_parents === true ? '@' : '';
  // dbt's default method, fqn, is our bare word: a node name, `*` or the project name.
  const body = method === 'fqn' ? String(value) : `${method}:${value}`;
  return `${at}${up === undefined || at !== '' ? '' : `${up}+`}${body}${down === undefined ? '' : `+${down}`}`;
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw fail(path, 'expected a non-empty list');
  return value;
}

function fail(path: string, detail: string): ProjectError {
  return new ProjectError(`${SELECTORS_FILE}: ${path}`, detail);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
