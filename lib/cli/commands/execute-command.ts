import { readState } from '../../artifacts/read-state.ts';
import { runResultsArtifact } from '../../artifacts/run-results-artifact.ts';
import { RUN_RESULTS_FILE, writeArtifact } from '../../artifacts/write-artifacts.ts';
import { ConsoleReporter } from '../../runner/console-reporter.ts';
import { executePlan, type RunMode } from '../../runner/execute-plan.ts';
import { emptyPlan } from '../../project/empty-plan.ts';
import { selectNodes } from '../../project/selection.ts';
import type { CliIo } from '../cli-io.ts';
import { compileAt, compileDeferred } from '../compile-at.ts';
import { jsonLogIo, nodeEventLine, type LogFormat } from '../json-log.ts';
import { failureLines, silentIo } from '../quiet-report.ts';
import { loadProgressLine, loadSummaryLines } from '../load-report.ts';
import { openWarehouse, type CliTarget, type RedshiftOptions } from '../open-warehouse.ts';
import { parseVars } from '../parse-vars.ts';
import { resolvePaths, type PathOptions } from '../project-paths.ts';
import { newRunId } from '../run-id.ts';
import { UsageError } from '../usage-error.ts';
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
  /** The target folder of an earlier run (production's), for `state:`, `result:` and `--defer`. */
  readonly state?: string;
  readonly defer?: boolean;
  /** A warning fails the command (exit 1), as dbt's --warn-error. */
  readonly warnError?: boolean;
  readonly failFast?: boolean;
  /** Print only the nodes that failed. */
  readonly quiet?: boolean;
  /** Build every model with no rows (dbt's --empty). */
  readonly empty?: boolean;
  readonly logFormat?: LogFormat;
}

export const DEFAULT_MAX_LOAD_ERRORS = 10_000;

/** `run`, `test` and `build`: compile, select, (build: load the landing folder), execute, report. Returns the exit code. */
export async function executeCommand(mode: RunMode, options: ExecuteCommandOptions, cliIo: CliIo): Promise<number> {
  const json = options.logFormat === 'json';
  const quiet = options.quiet === true;
  const io = quiet ? silentIo(cliIo) : json ? jsonLogIo(cliIo) : cliIo;
  const paths = resolvePaths(options);
  if (options.defer === true && options.state === undefined) throw new UsageError('--defer needs --state <dir>, the target folder of the run to read left-out models from');
  // Read before compiling: --state may be this target folder, whose plan the compile replaces.
  const state = options.state === undefined ? undefined : await readState(options.state);
  const runId = newRunId();
  const vars = parseVars(options.vars);
  const compiled = await compileAt(paths, options.target, vars, runId);
  const selection = selectNodes(compiled.plan, { select: options.select, exclude: options.exclude, state });
  const compiledPlan =
    options.defer === true && state !== undefined ? await compileDeferred(paths, compiled, selection.models, state.plan, vars, runId) : compiled.plan;
  // The written plan stays the real one; only this run's statements build empty relations.
  const plan = options.empty === true ? emptyPlan(compiledPlan) : compiledPlan;
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
      failFast: options.failFast,
      onEvent: (event) => (quiet ? undefined : json ? cliIo.out(nodeEventLine(event)) : reporter.onEvent(event)),
    });
    reporter.summary(result);
    if (quiet) for (const line of failureLines(result)) cliIo.out(line);
    await writeArtifact(
      paths.targetDir,
      RUN_RESULTS_FILE,
      runResultsArtifact(plan, result, { which: mode, target: paths.targetName, select: options.select, exclude: options.exclude, state: options.state, defer: options.defer }, new Date()),
    );
    io.out('');
    for (const line of whereToLookLines(paths, plan.layers, runId, options.target === 'duckdb' ? undefined : warehouse.location)) io.out(line);
    if (options.warnError === true && result.counts.warn > 0) {
      io.out(`--warn-error: ${result.counts.warn} warning${result.counts.warn === 1 ? '' : 's'} fail this run`);
      return 1;
    }
    return result.success ? 0 : 1;
  } finally {
    await warehouse.engine.close();
  }
}
