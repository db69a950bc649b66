/**
 * The honest backtest: a model fitted only on snapshots whose outcome was known before a cut-off scores the
 * snapshots from the cut-off on, and is compared there with the health score and recency alone.
 */
import { fitLogisticRegression, predict, type FittedModel } from './logistic-regression.ts';
import { areaUnderCurve, brierScore, calibrationTable, topDecile, type CalibrationBin } from './metrics.ts';
import type { Target } from './targets.ts';
import type { LabelledSnapshot } from './training-rows.ts';

export interface TrainingOptions {
  readonly l2Penalty: number;
  /** Fewest positive and fewest negative rows a fit accepts. */
  readonly minClassRows: number;
}

export interface BacktestOptions extends TrainingOptions {
  /** The latest this many labelled snapshot dates are scored. */
  readonly testSnapshots: number;
  /** Days from a snapshot until its label is known (the longest horizon). */
  readonly horizonDays: number;
}

export interface ScorerResult {
  readonly scorer: string;
  readonly auc: number;
  /** Probabilities only (the model); null for a ranking score. */
  readonly brierScore: number | null;
  readonly precisionTopDecile: number;
  readonly liftTopDecile: number;
}

export interface BacktestResult {
  readonly target: string;
  readonly cutoffDate: string;
  readonly lastTestDate: string;
  readonly trainRows: number;
  readonly testRows: number;
  readonly testPositives: number;
  readonly scorers: readonly ScorerResult[];
  readonly calibration: readonly CalibrationBin[];
}

export class InsufficientTrainingDataError extends Error {
  override readonly name = 'InsufficientTrainingDataError';
}

/** Fits `target` on `rows`, refusing too few positive or negative rows (naming what it found). */
export function trainTarget(target: Target, rows: readonly LabelledSnapshot[], options: TrainingOptions, what: string): FittedModel {
  const labels = rows.map(target.label);
  const positives = labels.reduce((sum, label) => sum + label, 0);
  const negatives = labels.length - positives;
  if (positives < options.minClassRows || negatives < options.minClassRows) {
    throw new InsufficientTrainingDataError(
      `${target.name} model: ${what} has ${positives} positive and ${negatives} negative labelled snapshots; ` +
        `need at least ${options.minClassRows} of each (more history: a longer landing or feature_snapshot_months)`,
    );
  }
  return fitLogisticRegression(rows.map((row) => row.features), labels, { l2Penalty: options.l2Penalty });
}

export function backtest(target: Target, rows: readonly LabelledSnapshot[], options: BacktestOptions): BacktestResult {
  const dates = [...new Set(rows.map((row) => row.snapshotDate))].sort();
  if (dates.length <= options.testSnapshots) {
    throw new InsufficientTrainingDataError(
      `${target.name} backtest: ${dates.length} labelled snapshot dates; need more than the ${options.testSnapshots} it scores`,
    );
  }
  const cutoffDate = dates[dates.length - options.testSnapshots] as string;
  const lastTestDate = dates[dates.length - 1] as string;
  const cutoff = Date.parse(cutoffDate);
  const dayMs = 86_400_000;
  // A training snapshot's outcome must be known before the cut-off, or the fit would see the test period.
  const train = rows.filter((row) => Date.parse(row.snapshotDate) + options.horizonDays * dayMs <= cutoff);
  const test = rows.filter((row) => row.snapshotDate >= cutoffDate);
  const model = trainTarget(target, train, options, `training before ${cutoffDate}`);
  const labels = test.map(target.label);
  const testPositives = labels.reduce((sum, label) => sum + label, 0);
  if (testPositives === 0 || testPositives === labels.length) {
    throw new InsufficientTrainingDataError(`${target.name} backtest: the ${labels.length} snapshots from ${cutoffDate} have only one outcome`);
  }
  const probabilities = test.map((row) => predict(model, row.features));
  const scorers: ScorerResult[] = [rankingResult('model', probabilities, labels, brierScore(probabilities, labels))];
  for (const [name, score] of Object.entries(target.baselines)) scorers.push(rankingResult(name, test.map(score), labels, null));
  return {
    target: target.name,
    cutoffDate,
    lastTestDate,
    trainRows: train.length,
    testRows: test.length,
    testPositives,
    scorers,
    calibration: calibrationTable(probabilities, labels),
  };
}

function rankingResult(scorer: string, scores: readonly number[], labels: readonly number[], brier: number | null): ScorerResult {
  const decile = topDecile(scores, labels);
  return { scorer, auc: areaUnderCurve(scores, labels), brierScore: brier, precisionTopDecile: decile.precision, liftTopDecile: decile.lift };
}
