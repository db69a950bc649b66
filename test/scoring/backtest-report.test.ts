import { describe, expect, it } from 'vitest';
import { backtestLines } from '../../lib/scoring/backtest-report.ts';

describe('backtestLines', () => {
  it('shows each scorer side by side, a missing metric as -, then the calibration', () => {
    const lines = backtestLines({
      trainingRows: 120,
      backtests: [
        {
          target: 'churn',
          cutoffDate: '2026-06-01',
          lastTestDate: '2026-08-01',
          trainRows: 70,
          testRows: 30,
          testPositives: 6,
          scorers: [
            { scorer: 'model', auc: 0.6512, brierScore: 0.1526, precisionTopDecile: 0.5, liftTopDecile: 2.5 },
            { scorer: 'recency', auc: 0.618, brierScore: null, precisionTopDecile: 0.4, liftTopDecile: Number.NaN },
          ],
          calibration: [{ bin: 1, rows: 20, meanPredicted: 0.07, observedRate: 0.1 }],
        },
      ],
    });
    expect(lines).toEqual([
      'Fitted on 120 labelled snapshots.',
      '',
      'churn: trained on 70 snapshots known before 2026-06-01, tested on 30 from 2026-06-01 to 2026-08-01 (6 positive)',
      '  scorer            AUC   Brier  prec@10%  lift@10%',
      '  model           0.651   0.153     0.500      2.50',
      '  recency         0.618       -     0.400         -',
      '  calibration (bin: rows, predicted -> observed): 1: 20, 0.07 -> 0.10',
    ]);
  });
});
