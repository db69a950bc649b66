import type { CliIo } from '../cli-io.ts';
import { compileAt } from '../compile-at.ts';
import { loadProgressLine, loadSummaryLines } from '../load-report.ts';
import { openWarehouse, type CliTarget, type RedshiftOptions } from '../open-warehouse.ts';
import { resolvePaths, type PathOptions } from '../project-paths.ts';
import { newRunId } from '../run-id.ts';
import { DEFAULT_MAX_LOAD_ERRORS } from './execute-command.ts';

export interface LoadCommandOptions extends PathOptions, RedshiftOptions {
  readonly target: CliTarget;
  readonly maxLoadErrors?: number;
  readonly ingestDate?: string[];
  readonly fullRefresh?: boolean;
  readonly debug?: boolean;
}

/** Loads the landing folder into raw.*: every day found (or the --ingest-date ones), idempotently. */
export async function loadCommand(options: LoadCommandOptions, io: CliIo): Promise<number> {
  const paths = resolvePaths(options);
  const { plan } = await compileAt(paths, options.target, {});
  const runId = newRunId();
  const warehouse = await openWarehouse({ ...options, paths }, io);
  try {
    io.out(`Loading ${paths.landing} into ${warehouse.location}, run ${runId}`);
    const summary = await warehouse.load({
      landing: paths.landing,
      sources: plan.sources,
      runId,
      maxLoadErrors: options.maxLoadErrors ?? DEFAULT_MAX_LOAD_ERRORS,
      ingestDates: options.ingestDate,
      force: options.fullRefresh,
      onProgress: (event) => io.out(loadProgressLine(event)),
    });
    for (const line of loadSummaryLines(summary)) io.out(line);
    return 0;
  } finally {
    await warehouse.engine.close();
  }
}
