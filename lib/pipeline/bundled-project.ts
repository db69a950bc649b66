/**
 * The loaded project as the step Lambdas receive it: `project.json`, written at synth next to each
 * handler and read by every step (run-plan.ts). Plain JSON would turn the project's Maps (its
 * `sql/macros`) into `{}`, and every step would then fail to compile a model that calls a macro,
 * so Maps travel as `{ "$map": [[key, value], …] }`. `root`, a path on the synthesizing machine,
 * is meaningless in Lambda and is blanked.
 */
import type { Project } from '../project/project.ts';

const MAP_TAG = '$map';

export function bundledProjectJson(project: Project): string {
  return JSON.stringify({ ...project, root: '.' }, (_key, value: unknown) => (value instanceof Map ? { [MAP_TAG]: [...value.entries()] } : value));
}

export function parseBundledProject(text: string): Project {
  return JSON.parse(text, (_key, value: unknown) => (isTaggedMap(value) ? new Map(value[MAP_TAG]) : value)) as Project;
}

function isTaggedMap(value: unknown): value is { [MAP_TAG]: [unknown, unknown][] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === MAP_TAG && Array.isArray((value as Record<string, unknown>)[MAP_TAG]);
}
