import { InsufficientTrainingDataError } from '../../scoring/backtest.ts';
import { backtestLines } from '../../scoring/backtest-report.ts';
import { runScoringStep } from '../../scoring/scoring-step.ts';
import type { CliIo } from '../cli-io.ts';
import { compileAt } from '../compile-at.ts';
import { openWarehouse, type CliTarget, type RedshiftOptions } from '../open-warehouse.ts';
import { parseVars } from '../parse-vars.ts';
import { resolvePaths, type PathOptions } from '../project-paths.ts';
import { newRunId } from '../run-id.ts';

export interface ScoreCommandOptions extends PathOptions, RedshiftOptions {
  readonly target: CliTarget;
  readonly vars?: string;
  readonly debug?: boolean;
}

/**
 * `score`: the scoring step after a build — backtest, fit and mart_account_scores (lib/scoring). Exit 1 when
 * the history is too short to fit or test the models, saying what it found.
 */
export async function scoreCommand(options: ScoreCommandOptions, io: CliIo): Promise<number> {
  const paths = resolvePaths(options);
  const runId = newRunId();
  const { plan } = await compileAt(paths, options.target, parseVars(options.vars));
  const warehouse = await openWarehouse({ ...options, paths }, io);
  try {
    io.out(`Scoring on ${options.target} (${warehouse.location}), run ${runId}`);
    const outcome = await runScoringStep(warehouse.engine, plan, runId);
    for (const line of backtestLines(outcome)) io.out(line);
    return 0;
  } catch (error) {
    if (!(error instanceof InsufficientTrainingDataError)) throw error;
    io.err(`Scoring not possible yet: ${error.message}`);
    return 1;
  } finally {
    await warehouse.engine.close();
  }
}
