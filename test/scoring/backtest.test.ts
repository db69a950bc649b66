import { describe, expect, it } from 'vitest';
import { backtest, InsufficientTrainingDataError } from '../../lib/scoring/backtest.ts';
import { TARGETS } from '../../lib/scoring/targets.ts';
import type { LabelledSnapshot } from '../../lib/scoring/training-rows.ts';
import { MODEL_FEATURES } from '../../lib/scoring/model-features.ts';

const churn = TARGETS.find((target) => target.name === 'churn')!;
const DATES = ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01'];

/** 40 accounts a snapshot; account i churns when i is odd, and its first feature says so (noisily). */
function history(dates: readonly string[]): LabelledSnapshot[] {
  return dates.flatMap((snapshotDate, d) =>
    Array.from({ length: 40 }, (_, i) => ({
      accountId: `A${i}`,
      snapshotDate,
      features: MODEL_FEATURES.map((_, j) => (j === 0 ? (i % 2) + ((i * 7 + d) % 5) / 4 : ((i + j) % 3) / 2)),
      healthScore: 50 + (i % 7),
      daysSinceLastOrder: 10 + (i % 11),
      churned: i % 2,
      upsold: (i + 1) % 2,
    })),
  );
}

describe('backtest', () => {
  it('scores the latest snapshot dates with a model fitted only on snapshots whose outcome was known by then', () => {
    const result = backtest(churn, history(DATES), { l2Penalty: 1, minClassRows: 10, testSnapshots: 2, horizonDays: 59 });
    // Cut-off 05-01; with a 59-day horizon, 03-01 (+59 = 04-29) is known before it and 04-01 is not.
    expect(result.cutoffDate).toBe('2026-05-01');
    expect(result.lastTestDate).toBe('2026-06-01');
    expect(result.trainRows).toBe(3 * 40);
    expect(result.testRows).toBe(2 * 40);
    expect(result.testPositives).toBe(40);
    expect(result.scorers.map((scorer) => scorer.scorer)).toEqual(['model', 'health_score', 'recency']);
    expect(result.scorers[0]?.auc).toBeGreaterThan(0.9);
    expect(result.scorers[0]?.brierScore).toBeLessThan(0.25);
    expect(result.scorers[1]?.brierScore).toBeNull();
  });

  it('refuses a history with no more snapshot dates than it scores', () => {
    expect(() => backtest(churn, history(DATES.slice(0, 2)), { l2Penalty: 1, minClassRows: 10, testSnapshots: 2, horizonDays: 30 })).toThrow(
      new InsufficientTrainingDataError('churn backtest: 2 labelled snapshot dates; need more than the 2 it scores'),
    );
  });

  it('refuses a test period with one outcome only', () => {
    const rows = history(DATES).map((row) => (row.snapshotDate >= '2026-05-01' ? { ...row, churned: 0 } : row));
    expect(() => backtest(churn, rows, { l2Penalty: 1, minClassRows: 10, testSnapshots: 2, horizonDays: 30 })).toThrow(
      new InsufficientTrainingDataError('churn backtest: the 80 snapshots from 2026-05-01 have only one outcome'),
    );
  });
});
