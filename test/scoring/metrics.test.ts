import { describe, expect, it } from 'vitest';
import { areaUnderCurve, brierScore, calibrationTable, topDecile } from '../../lib/scoring/metrics.ts';

describe('areaUnderCurve', () => {
  it('is the share of positive-negative pairs ranked right, ties counting half', () => {
    // Positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9,0.5) 1, (0.9,0.1) 1, (0.5,0.5) 0.5, (0.5,0.1) 1 -> 3.5 / 4.
    expect(areaUnderCurve([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.875);
    expect(areaUnderCurve([0.1, 0.2, 0.3], [1, 0, 0])).toBe(0);
    expect(areaUnderCurve([3, 3, 3], [1, 0, 1])).toBe(0.5);
  });

  it('is undefined (NaN) with one outcome only', () => {
    expect(areaUnderCurve([0.1, 0.2], [1, 1])).toBeNaN();
  });
});

describe('brierScore', () => {
  it('is the mean squared error of the probabilities', () => {
    // (0.8-1)^2 = 0.04, (0.3-0)^2 = 0.09 -> 0.065.
    expect(brierScore([0.8, 0.3], [1, 0])).toBeCloseTo(0.065, 12);
  });
});

describe('topDecile', () => {
  it('takes the highest tenth (rounded up), ties in row order', () => {
    // 11 rows -> the top 2: scores 9 (row 0, positive) and 8 (row 3, negative); base rate 3/11.
    const scores = [9, 1, 1, 8, 1, 1, 1, 1, 1, 1, 8];
    const labels = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    expect(topDecile(scores, labels)).toEqual({ precision: 0.5, lift: 0.5 / (3 / 11) });
  });
});

describe('calibrationTable', () => {
  it('compares mean predicted and observed rates per tenth of probability, leaving empty bins out', () => {
    expect(calibrationTable([0.05, 0.15, 0.12, 1], [0, 1, 0, 1])).toEqual([
      { bin: 1, rows: 1, meanPredicted: 0.05, observedRate: 0 },
      { bin: 2, rows: 2, meanPredicted: (0.15 + 0.12) / 2, observedRate: 0.5 },
      { bin: 10, rows: 1, meanPredicted: 1, observedRate: 1 },
    ]);
  });
});
