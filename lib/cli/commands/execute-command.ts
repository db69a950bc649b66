import { ConsoleReporter } from '../../runner/console-reporter.ts';
import { executePlan, type RunMode } from '../../runner/execute-plan.ts';
import { selectNodes } from '../../project/selection.ts';
import type { CliIo } from '../cli-io.ts';
import { compileAt } from '../compile-at.ts';
import { loadProgressLine, loadSummaryLines } from '../load-report.ts';
import { openWarehouse, type CliTarget, type RedshiftOptions } from '../open-warehouse.ts';
import { parseVars } from '../parse-vars.ts';
import { resolvePaths, type PathOptions } from '../project-paths.ts';
import { newRunId } from '../run-id.ts';
import { whereToLookLines } from '../where-to-look.ts';

export interface ExecuteCommandOptions extends PathOptions, RedshiftOptions {
  readonly target: CliTarget;
  readonly vars?: string;
  readonly select?: string[];
  readonly exclude?: string[];
  readonly fullRefresh?: boolean;
  readonly threads?: number;
  readonly debug?: boolean;
  readonly maxLoadErrors?: number;
}

export const DEFAULT_MAX_LOAD_ERRORS = 10_000;

/** `run`, `test` and `build`: compile, select, (build: load the landing folder), execute, report. Returns the exit code. */
export async function executeCommand(mode: RunMode, options: ExecuteCommandOptions, io: CliIo): Promise<number> {
  const paths = resolvePaths(options);
  const { plan } = await compileAt(paths, options.target, parseVars(options.vars));
  const selection = selectNodes(plan, { select: options.select, exclude: options.exclude });
  const runId = newRunId();
  const warehouse = await openWarehouse({ ...options, paths }, io);
  io.out(`Running with crm-warehouse on ${options.target} (${warehouse.location}), run ${runId}`);
  // `run` builds models only; `test` and `build` also run the selected models' unit tests (as dbt does).
  const unitTestIds = mode === 'run' ? [] : selection.unitTests;
  const unitTestsFound = (plan.unitTests ?? []).length;
  io.out(
    `Found ${plan.models.length} models, ${plan.tests.length} tests, ${unitTestsFound} unit tests, ${plan.sources.length} sources; ` +
      `selected ${selection.models.length} models, ${selection.tests.length} tests and ${unitTestIds.length} unit tests.`,
  );

  try {
    if (mode === 'build') {
      io.out('');
      io.out(`Loading ${paths.landing}`);
      const summary = await warehouse.load({
        landing: paths.landing,
        sources: plan.sources,
        runId,
        maxLoadErrors: options.maxLoadErrors ?? DEFAULT_MAX_LOAD_ERRORS,
        force: options.fullRefresh,
        onProgress: (event) => io.out(loadProgressLine(event)),
      });
      for (const line of loadSummaryLines(summary)) io.out(line);
    }
    io.out('');
    const reporter = new ConsoleReporter({ write: io.out, color: io.color });
    const result = await executePlan(warehouse.engine, plan, {
      mode,
      runId,
      modelIds: selection.models,
      testIds: selection.tests,
      unitTestIds,
      fullRefresh: options.fullRefresh,
      onEvent: (event) => reporter.onEvent(event),
    });
    reporter.summary(result);
    io.out('');
    for (const line of whereToLookLines(paths, runId, options.target === 'duckdb' ? undefined : warehouse.location)) io.out(line);
    return result.success ? 0 : 1;
  } finally {
    await warehouse.engine.close();
  }
}
