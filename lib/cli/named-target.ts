/**
 * `--target <name>`: a target of profiles.yml, else an engine name (lib/project/targets.ts).
 * Commands keep seeing `target` as the engine; the target's name and schema prefix travel with the
 * paths, and its connection settings fill in the options the command line left out.
 */
import { resolve } from 'node:path';
import { loadTargets, resolveTarget } from '../project/targets.ts';

export interface TargetOptions {
  readonly target: string;
  readonly projectDir?: string;
}

/** The options with `target` resolved; options of commands without `--target` come back as they are. */
export async function withNamedTarget<T>(options: T): Promise<T> {
  if (!hasTarget(options)) return options;
  const targets = await loadTargets(resolve(options.projectDir ?? '.'));
  const target = resolveTarget(targets, options.target);
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...target.connection, ...given, target: target.engine, targetName: target.name, schemaPrefix: target.schemaPrefix } as T;
}

function hasTarget(options: unknown): options is TargetOptions {
  return typeof options === 'object' && options !== null && typeof (options as { target?: unknown }).target === 'string';
}
