/**
 * What every step handler reads from its environment and bundle: the warehouse to talk to and
 * the SQL project bundled next to the handler (`project.json`, put there at synth), read once.
 */
import type { Project } from '../../lib/project/project.ts';
import type { DataApiTarget } from '../../lib/pipeline/data-api-batches.ts';
import { readBundledProject } from '../../lib/pipeline/run-plan.ts';

export class MissingEnvironmentError extends Error {
  constructor(names: readonly string[]) {
    super(`the step Lambda is missing environment variables: ${names.join(', ')} (the CDK app sets them)`);
    this.name = 'MissingEnvironmentError';
  }
}

/** The variables, all of them required; one error lists every missing one. */
export function requireEnvironment<Name extends string>(...names: Name[]): Record<Name, string> {
  const missing = names.filter((name) => (process.env[name] ?? '') === '');
  if (missing.length > 0) throw new MissingEnvironmentError(missing);
  return Object.fromEntries(names.map((name) => [name, process.env[name] as string])) as Record<Name, string>;
}

export function dataApiTarget(): DataApiTarget {
  const env = requireEnvironment('WORKGROUP_NAME', 'DATABASE_NAME');
  const adminSecretArn = process.env.ADMIN_SECRET_ARN;
  return { workgroupName: env.WORKGROUP_NAME, database: env.DATABASE_NAME, ...(adminSecretArn ? { adminSecretArn } : {}) };
}

let project: Project | undefined;

/** `PROJECT_FILE` (tests), else the `project.json` bundled beside the handler. */
export function bundledProject(): Project {
  project ??= readBundledProject(process.env.PROJECT_FILE ?? new URL('./project.json', import.meta.url));
  return project;
}
