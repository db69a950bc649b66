import { resolve } from 'node:path';

/** Every place the CLI reads or writes, resolved against the project folder (docs/architecture.md, "Where things live"). */
export interface ProjectPaths {
  readonly projectDir: string;
  readonly targetDir: string;
  readonly database: string;
  /** A local folder, or an `s3://bucket/prefix` URI (Redshift loads), kept as given. */
  readonly landing: string;
  /** The `--target` as named (a target of profiles.yml, or an engine name). */
  readonly targetName: string;
  /** Where models are written: the target's prefix before each model schema ('' = production). */
  readonly schemaPrefix: string;
}

export interface PathOptions {
  /** Decides the default warehouse location: a DuckDB file, or a PGlite data folder for postgres. */
  readonly target?: string;
  readonly projectDir?: string;
  readonly targetPath?: string;
  readonly database?: string;
  readonly landing?: string;
  /** Set by named-target.ts from the resolved `--target`. */
  readonly targetName?: string;
  readonly schemaPrefix?: string;
}

export function resolvePaths(options: PathOptions): ProjectPaths {
  const projectDir = resolve(options.projectDir ?? '.');
  const targetDir = resolve(projectDir, options.targetPath ?? 'target');
  return {
    projectDir,
    targetDir,
    database: resolve(projectDir, options.database ?? `${options.targetPath ?? 'target'}/${options.target === 'postgres' ? 'warehouse-postgres' : 'warehouse.duckdb'}`),
    landing: options.landing?.startsWith('s3://') ? options.landing : resolve(projectDir, options.landing ?? 'data/landing'),
    targetName: options.targetName ?? options.target ?? 'duckdb',
    schemaPrefix: options.schemaPrefix ?? '',
  };
}
