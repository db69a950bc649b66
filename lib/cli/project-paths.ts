import { resolve } from 'node:path';

/** Every place the CLI reads or writes, resolved against the project folder (DESIGN.md, "Where things live"). */
export interface ProjectPaths {
  readonly projectDir: string;
  readonly targetDir: string;
  readonly database: string;
  readonly landing: string;
}

export interface PathOptions {
  readonly projectDir?: string;
  readonly targetPath?: string;
  readonly database?: string;
  readonly landing?: string;
}

export function resolvePaths(options: PathOptions): ProjectPaths {
  const projectDir = resolve(options.projectDir ?? '.');
  const targetDir = resolve(projectDir, options.targetPath ?? 'target');
  return {
    projectDir,
    targetDir,
    database: resolve(projectDir, options.database ?? `${options.targetPath ?? 'target'}/warehouse.duckdb`),
    landing: resolve(projectDir, options.landing ?? 'data/landing'),
  };
}
