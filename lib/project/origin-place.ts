import type { Origin } from './project.ts';

/** The `file: yaml.path` prefix of an error about something declared in YAML. */
export function originPlace(origin: Origin): string {
  return origin.yamlPath === undefined ? origin.path : `${origin.path}: ${origin.yamlPath}`;
}
