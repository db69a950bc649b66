import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, ModelFitError, predict, sigmoid } from '../../lib/scoring/logistic-regression.ts';
import { RandomSource } from '../../lib/generate/random-source.ts';

/** Rows from a known model: logit = -1 + 2·x0 − 1·x1 + 0·x2, features uniform on [0, 1) (x2 a constant 5 in half). */
function synthetic(count: number, seed: number): { rows: number[][]; labels: number[] } {
  const random = new RandomSource(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const row = [random.next() * 4, random.next() * 4, 5];
    rows.push(row);
    labels.push(random.next() < sigmoid(-1 + 2 * (row[0] as number) - (row[1] as number)) ? 1 : 0);
  }
  return { rows, labels };
}

/** The penalised log-likelihood's gradient at the fit, on the standardised scale: zero at the optimum. */
function gradientAtFit(rows: number[][], labels: number[], penalty: number, model: ReturnType<typeof fitLogisticRegression>): number[] {
  const gradient = new Array<number>(rows[0]!.length + 1).fill(0);
  rows.forEach((row, i) => {
    const residual = (labels[i] as number) - predict(model, row);
    gradient[0] = (gradient[0] as number) + residual;
    row.forEach((value, j) => {
      gradient[j + 1] = (gradient[j + 1] as number) + residual * ((value - (model.centers[j] as number)) / (model.scales[j] as number));
    });
  });
  return gradient.map((value, index) => (index === 0 ? value : value - penalty * (model.coefficients[index - 1] as number)));
}

describe('fitLogisticRegression', () => {
  const { rows, labels } = synthetic(20_000, 7);

  it('recovers the coefficients of the model that made the data (unstandardised: β / scale)', () => {
    const model = fitLogisticRegression(rows, labels, { l2Penalty: 1e-6 });
    const raw = model.coefficients.map((coefficient, j) => coefficient / (model.scales[j] as number));
    expect(raw[0]).toBeCloseTo(2, 1);
    expect(raw[1]).toBeCloseTo(-1, 1);
    expect(model.coefficients[2]).toBe(0);
    const intercept = model.intercept - model.coefficients.reduce((sum, coefficient, j) => sum + (coefficient * (model.centers[j] as number)) / (model.scales[j] as number), 0);
    // Its sampling error on 20,000 rows is about 0.05.
    expect(Math.abs(intercept + 1)).toBeLessThan(0.15);
  });

  it('stops at the optimum of the penalised likelihood', () => {
    for (const penalty of [0.01, 10, 1000]) {
      const model = fitLogisticRegression(rows, labels, { l2Penalty: penalty });
      for (const component of gradientAtFit(rows, labels, penalty, model)) expect(Math.abs(component)).toBeLessThan(1e-6);
    }
  });

  it('shrinks the coefficients as the penalty grows, never the intercept', () => {
    const loose = fitLogisticRegression(rows, labels, { l2Penalty: 0.01 });
    const tight = fitLogisticRegression(rows, labels, { l2Penalty: 20_000 });
    expect(Math.abs(tight.coefficients[0] as number)).toBeLessThan(Math.abs(loose.coefficients[0] as number) / 2);
    const meanLabel = labels.reduce((sum, label) => sum + label, 0) / labels.length;
    expect(sigmoid(tight.intercept)).toBeGreaterThan(meanLabel - 0.05);
    expect(sigmoid(tight.intercept)).toBeLessThan(meanLabel + 0.05);
  });

  it('gives the same coefficients for the same rows', () => {
    expect(fitLogisticRegression(rows, labels, { l2Penalty: 1 })).toEqual(fitLogisticRegression(rows, labels, { l2Penalty: 1 }));
  });

  it('refuses rows and labels of different lengths, or none', () => {
    expect(() => fitLogisticRegression(rows, labels.slice(1), { l2Penalty: 1 })).toThrow(new ModelFitError('20000 rows and 19999 labels: need the same number, at least one'));
    expect(() => fitLogisticRegression([], [], { l2Penalty: 1 })).toThrow(ModelFitError);
  });
});
