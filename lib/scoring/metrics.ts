/** Metrics of a score against 0/1 outcomes, as the backtest reports them. */

/** Area under the ROC curve: the chance that a random positive scores above a random negative (ties count half). */
export function areaUnderCurve(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((score, index) => ({ score, label: labels[index] as number })).sort((a, b) => a.score - b.score);
  let rankSumOfPositives = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && (order[end] as { score: number }).score === (order[start] as { score: number }).score) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) {
      if ((order[i] as { label: number }).label === 1) {
        rankSumOfPositives += averageRank;
        positives++;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumOfPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean squared difference between the probability and the outcome. */
export function brierScore(probabilities: readonly number[], labels: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += ((probabilities[i] as number) - (labels[i] as number)) ** 2;
  return sum / probabilities.length;
}

export interface TopDecile {
  /** Share of positives among the highest-scoring tenth of the rows. */
  readonly precision: number;
  /** That share over the share of positives among all rows. */
  readonly lift: number;
}

/**
 * The highest-scoring tenth (rounded up) of the rows. Rows tied with the last one taken are ordered by
 * their position, so a score with many ties (a banded rule) is not flattered by them.
 */
export function topDecile(scores: readonly number[], labels: readonly number[]): TopDecile {
  const size = Math.ceil(scores.length / 10);
  const order = scores.map((score, index) => ({ score, index })).sort((a, b) => b.score - a.score || a.index - b.index);
  let hits = 0;
  for (let i = 0; i < size; i++) hits += labels[(order[i] as { index: number }).index] as number;
  const baseRate = labels.reduce((sum, label) => sum + label, 0) / labels.length;
  const precision = hits / size;
  return { precision, lift: baseRate === 0 ? Number.NaN : precision / baseRate };
}

export interface CalibrationBin {
  /** 1 to bins: the probability range [(bin − 1) / bins, bin / bins), the last one closed. */
  readonly bin: number;
  readonly rows: number;
  readonly meanPredicted: number;
  readonly observedRate: number;
}

/** Predicted vs observed rates in equal-width probability bins; empty bins are left out. */
export function calibrationTable(probabilities: readonly number[], labels: readonly number[], bins = 10): CalibrationBin[] {
  const sums = Array.from({ length: bins }, () => ({ rows: 0, predicted: 0, observed: 0 }));
  for (let i = 0; i < probabilities.length; i++) {
    const probability = probabilities[i] as number;
    const bin = sums[Math.min(bins - 1, Math.floor(probability * bins))] as { rows: number; predicted: number; observed: number };
    bin.rows++;
    bin.predicted += probability;
    bin.observed += labels[i] as number;
  }
  return sums.flatMap((sum, index) =>
    sum.rows === 0 ? [] : [{ bin: index + 1, rows: sum.rows, meanPredicted: sum.predicted / sum.rows, observedRate: sum.observed / sum.rows }],
  );
}
