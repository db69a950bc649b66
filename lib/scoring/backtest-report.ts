/** The backtest as console lines: per target, each scorer's metrics side by side, then the calibration. */
import type { ScoringOutcome } from './scoring-step.ts';

const fixed = (value: number | null, digits = 3): string => (value === null || Number.isNaN(value) ? '-' : value.toFixed(digits));

export function backtestLines(outcome: ScoringOutcome): string[] {
  const lines = [`Fitted on ${outcome.trainingRows} labelled snapshots.`];
  for (const result of outcome.backtests) {
    lines.push(
      '',
      `${result.target}: trained on ${result.trainRows} snapshots known before ${result.cutoffDate}, tested on ${result.testRows} from ${result.cutoffDate} to ${result.lastTestDate} (${result.testPositives} positive)`,
      `  ${'scorer'.padEnd(14)}${'AUC'.padStart(7)}${'Brier'.padStart(8)}${'prec@10%'.padStart(10)}${'lift@10%'.padStart(10)}`,
    );
    for (const scorer of result.scorers) {
      lines.push(
        `  ${scorer.scorer.padEnd(14)}${fixed(scorer.auc).padStart(7)}${fixed(scorer.brierScore).padStart(8)}${fixed(scorer.precisionTopDecile).padStart(10)}${fixed(scorer.liftTopDecile, 2).padStart(10)}`,
      );
    }
    lines.push(`  calibration (bin: rows, predicted -> observed): ${result.calibration.map((bin) => `${bin.bin}: ${bin.rows}, ${fixed(bin.meanPredicted, 2)} -> ${fixed(bin.observedRate, 2)}`).join('; ')}`);
  }
  return lines;
}
