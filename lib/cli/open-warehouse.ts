import type { Engine } from '../engines/engine.ts';
import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.ts';
import { loadLanding, type LoadOptions } from '../engines/duckdb/raw-loader.ts';
import type { LoadSummary } from '../engines/duckdb/load-summary.ts';
import type { TargetName } from '../plan/plan.ts';
import type { CliIo } from './cli-io.ts';
import type { ProjectPaths } from './project-paths.ts';

/** The engines the CLI can run on; `--target` offers exactly these. */
export const CLI_TARGETS = ['duckdb'] as const satisfies readonly TargetName[];
export type CliTarget = (typeof CLI_TARGETS)[number];

/** An engine plus the way raw files reach it on that target. */
export interface Warehouse {
  readonly engine: Engine;
  /** Where the warehouse lives, for messages. */
  readonly location: string;
  load(options: LoadOptions): Promise<LoadSummary>;
}

export interface WarehouseOptions {
  readonly target: CliTarget;
  readonly paths: ProjectPaths;
  /** How many models may build at once (dbt's --threads). @default the engine's default */
  readonly threads?: number;
  /** Print every statement with its duration to stderr. */
  readonly debug?: boolean;
}

export async function openWarehouse(options: WarehouseOptions, io: CliIo): Promise<Warehouse> {
  const engine = await DuckDbEngine.open({ path: options.paths.database, concurrency: options.threads });
  if (options.debug) {
    engine.onStatement = (sql, seconds) => io.err(`-- ${seconds.toFixed(3)}s\n${sql.trim()};`);
  }
  return {
    engine,
    location: options.paths.database,
    load: (loadOptions) => loadLanding(engine, loadOptions),
  };
}
