/** Validates YAML values against the project schemas, each problem a `file: yaml.path: problem` error. */
import type { z } from 'zod';
import { ProjectError } from './errors.ts';
import { describeValue } from './project-schemas.ts';
import { yamlPlace, type YamlPath } from './yaml-path.ts';

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

/** The parsed value, or undefined after adding every problem to `errors`. */
export function validateYaml<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  file: string,
  path: YamlPath,
  errors: ProjectError[],
): z.output<Schema> | undefined {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) errors.push(issueError(issue, file, [...path, ...issue.path]));
  return undefined;
}

function issueError(issue: z.core.$ZodIssue, file: string, path: YamlPath): ProjectError {
  if (issue.code !== 'invalid_type') return new ProjectError(yamlPlace(file, path), issue.message);
  // A YAML value is never undefined: undefined means the key is absent.
  if (issue.input === undefined && path.length > 0) {
    return new ProjectError(yamlPlace(file, path.slice(0, -1)), `missing '${String(path.at(-1))}'`);
  }
  const expected = EXPECTED[issue.expected] ?? issue.expected;
  return new ProjectError(yamlPlace(file, path), `expected ${expected}, got ${describeValue(issue.input)}`);
}
