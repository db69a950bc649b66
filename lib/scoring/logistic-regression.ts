/**
 * L2-regularised logistic regression fitted by iteratively reweighted least squares (Newton's method): each
 * step solves (XᵀWX + λI) Δ = Xᵀ(y − p) − λβ with ml-matrix's Cholesky decomposition. Columns are standardised
 * first (mean 0, standard deviation 1) so one penalty fits every feature; the intercept is not penalised.
 * There is no randomness: the same rows in the same order give the same coefficients.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

export interface FitOptions {
  /** The L2 penalty λ on the standardised coefficients. */
  readonly l2Penalty: number;
  /** @default 50 */
  readonly maxIterations?: number;
  /** Stop when the largest coefficient change is below this. @default 1e-10 */
  readonly tolerance?: number;
}

export interface FittedModel {
  readonly intercept: number;
  /** Per feature, on the standardised scale. */
  readonly coefficients: readonly number[];
  /** Per feature: the mean and standard deviation the feature is standardised with (1 for a constant column). */
  readonly centers: readonly number[];
  readonly scales: readonly number[];
  readonly iterations: number;
}

export class ModelFitError extends Error {
  override readonly name = 'ModelFitError';
}

/** `rows[i][j]` is feature j of row i; `labels[i]` is 0 or 1. */
export function fitLogisticRegression(rows: readonly (readonly number[])[], labels: readonly number[], options: FitOptions): FittedModel {
  const width = rows[0]?.length ?? 0;
  if (rows.length === 0 || rows.length !== labels.length) throw new ModelFitError(`${rows.length} rows and ${labels.length} labels: need the same number, at least one`);
  const { centers, scales } = standardisation(rows, width);
  const size = width + 1;
  const beta = new Float64Array(size);
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  const x = new Float64Array(size);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const hessian = new Float64Array(size * size);
    const gradient = new Float64Array(size);
    for (let i = 0; i < rows.length; i++) {
      standardisedRow(rows[i] as readonly number[], centers, scales, x);
      const p = sigmoid(dot(beta, x));
      const weight = Math.max(p * (1 - p), 1e-12);
      const residual = (labels[i] as number) - p;
      for (let a = 0; a < size; a++) {
        gradient[a] = (gradient[a] as number) + residual * (x[a] as number);
        const wa = weight * (x[a] as number);
        for (let b = 0; b <= a; b++) hessian[a * size + b] = (hessian[a * size + b] as number) + wa * (x[b] as number);
      }
    }
    for (let a = 1; a < size; a++) {
      hessian[a * size + a] = (hessian[a * size + a] as number) + options.l2Penalty;
      gradient[a] = (gradient[a] as number) - options.l2Penalty * (beta[a] as number);
    }
    const step = solveSymmetric(hessian, gradient, size);
    let largest = 0;
    for (let a = 0; a < size; a++) {
      beta[a] = (beta[a] as number) + (step[a] as number);
      largest = Math.max(largest, Math.abs(step[a] as number));
    }
    if (!Number.isFinite(largest)) throw new ModelFitError('the fit diverged (a coefficient is not finite)');
    if (largest < tolerance) return fitted(beta, centers, scales, iteration);
  }
  return fitted(beta, centers, scales, maxIterations);
}

/** The model's probability for one row of raw (unstandardised) features. */
export function predict(model: FittedModel, row: readonly number[]): number {
  let sum = model.intercept;
  for (let j = 0; j < row.length; j++) {
    sum += (model.coefficients[j] as number) * (((row[j] as number) - (model.centers[j] as number)) / (model.scales[j] as number));
  }
  return sigmoid(sum);
}

function fitted(beta: Float64Array, centers: number[], scales: number[], iterations: number): FittedModel {
  return { intercept: beta[0] as number, coefficients: Array.from(beta.subarray(1)), centers, scales, iterations };
}

function standardisation(rows: readonly (readonly number[])[], width: number): { centers: number[]; scales: number[] } {
  const centers = new Array<number>(width).fill(0);
  const scales = new Array<number>(width).fill(0);
  for (const row of rows) for (let j = 0; j < width; j++) centers[j] = (centers[j] as number) + (row[j] as number);
  for (let j = 0; j < width; j++) centers[j] = (centers[j] as number) / rows.length;
  for (const row of rows) for (let j = 0; j < width; j++) scales[j] = (scales[j] as number) + ((row[j] as number) - (centers[j] as number)) ** 2;
  for (let j = 0; j < width; j++) {
    const deviation = Math.sqrt((scales[j] as number) / rows.length);
    // A constant column gets scale 1: its standardised value is 0 and the penalty keeps its coefficient at 0.
    scales[j] = deviation > 1e-12 ? deviation : 1;
  }
  return { centers, scales };
}

function standardisedRow(row: readonly number[], centers: readonly number[], scales: readonly number[], into: Float64Array): void {
  into[0] = 1;
  for (let j = 0; j < row.length; j++) into[j + 1] = ((row[j] as number) - (centers[j] as number)) / (scales[j] as number);
}

function solveSymmetric(lower: Float64Array, rightHandSide: Float64Array, size: number): Float64Array {
  const matrix = new Matrix(size, size);
  for (let a = 0; a < size; a++) {
    for (let b = 0; b <= a; b++) {
      matrix.set(a, b, lower[a * size + b] as number);
      matrix.set(b, a, lower[a * size + b] as number);
    }
  }
  const cholesky = new CholeskyDecomposition(matrix);
  if (!cholesky.isPositiveDefinite()) throw new ModelFitError('the penalised Hessian is not positive definite; raise the L2 penalty');
  return Float64Array.from(cholesky.solve(Matrix.columnVector(Array.from(rightHandSide))).getColumn(0));
}

function dot(beta: Float64Array, x: Float64Array): number {
  let sum = 0;
  for (let a = 0; a < beta.length; a++) sum += (beta[a] as number) * (x[a] as number);
  return sum;
}

export function sigmoid(value: number): number {
  return value >= 0 ? 1 / (1 + Math.exp(-value)) : Math.exp(value) / (1 + Math.exp(value));
}
