/** Checks the `{{ config(...) }}` of a .sql file against the keys that file kind accepts. */
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.ts';
import { ProjectError } from './errors.ts';
import { validateYaml } from './schema-issues.ts';
import type { TemplateScan } from './template.ts';

type ConfigShape = Readonly<Record<string, z.ZodType>>;
type ParsedConfig<Shape extends ConfigShape> = { -readonly [Key in keyof Shape]?: z.output<Shape[Key]> };

/** The valid config values, keyed as written; each problem is reported at `path:line` of its config() call. */
export function validateSqlConfig<Shape extends ConfigShape>(
  scan: TemplateScan,
  shape: Shape,
  path: string,
  errors: ProjectError[],
): ParsedConfig<Shape> {
  const known = Object.keys(shape);
  const parsed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(scan.config)) {
    const place = `${path}:${scan.configLines[key] ?? 1}`;
    const schema = shape[key];
    if (schema === undefined) {
      const hint = didYouMean(key, known);
      errors.push(
        new ProjectError(place, `unknown config '${key}' in config()${hint === '' ? ` (expected one of ${known.join(', ')})` : hint}`),
      );
      continue;
    }
    const problems: ProjectError[] = [];
    const result = validateYaml(schema, value, path, [], problems);
    for (const problem of problems) errors.push(new ProjectError(place, `config ${key}: ${problem.detail}`));
    if (problems.length === 0) parsed[key] = result;
  }
  return parsed as ParsedConfig<Shape>;
}
