/**
 * The scoring step of a build, run after the marts: reads the labelled snapshots, runs the backtest of each
 * target (recorded, appended, in model_backtests and model_calibration), fits each target on every labelled
 * snapshot (model_coefficients, replaced) and rebuilds mart_account_scores from those coefficients in SQL,
 * all in the schema of mart_account_features (marts). Settings come from the plan's vars; every write goes
 * through the engine, so the same step runs on DuckDB, Postgres and Redshift.
 *
 * Staged (the cloud pipeline's write-audit-publish): the features and labels are read from the run's
 * staged builds (`__wap`), and the two replaced tables are written as `mart_account_scores__wap` and
 * `model_coefficients__wap`, for Publish to swap in with the models in its one transaction; the backtest
 * and calibration rows are history keyed by run id, appended as always.
 */
import type { Engine } from '../engines/engine.ts';
import type { Plan, PlanModel, Relation } from '../plan/plan.ts';
import { auditRelation, relationText } from '../plan/plan.ts';
import { backtest, trainTarget, type BacktestResult } from './backtest.ts';
import { MODEL_FEATURES } from './model-features.ts';
import { INTERCEPT, scoringSelect } from './scoring-sql.ts';
import { TARGETS } from './targets.ts';
import { readLabelledSnapshots } from './training-rows.ts';

export interface ScoringSettings {
  readonly l2Penalty: number;
  readonly minClassRows: number;
  readonly testSnapshots: number;
  readonly horizonDays: number;
}

export interface ScoringOutcome {
  readonly trainingRows: number;
  readonly backtests: readonly BacktestResult[];
}

export interface ScoringStepOptions {
  /** Read the staged features and labels and write the replaced tables under staged names. @default false */
  readonly staged?: boolean;
}

/** The tables the step replaces on every run (the others are appended to). */
export const REPLACED_SCORING_TABLES = ['model_coefficients', 'mart_account_scores'] as const;

export class ScoringSetupError extends Error {
  override readonly name = 'ScoringSetupError';
}

/** The step's settings from the plan's vars (sql/project.yml), each checked. */
export function scoringSettings(vars: Readonly<Record<string, unknown>>): ScoringSettings {
  const numberVar = (name: string, check: (value: number) => boolean, rule: string): number => {
    const value = vars[name];
    if (typeof value !== 'number' || !check(value)) throw new ScoringSetupError(`sql/project.yml: vars.${name} must be ${rule} (got ${JSON.stringify(value)})`);
    return value;
  };
  const positiveInteger = (value: number): boolean => Number.isInteger(value) && value > 0;
  return {
    l2Penalty: numberVar('model_l2_penalty', (value) => value > 0, 'a number above 0'),
    minClassRows: numberVar('model_min_class_rows', positiveInteger, 'a whole number above 0'),
    testSnapshots: numberVar('backtest_test_snapshots', positiveInteger, 'a whole number above 0'),
    horizonDays: Math.max(
      numberVar('churn_horizon_days', positiveInteger, 'a whole number above 0'),
      numberVar('upsell_horizon_days', positiveInteger, 'a whole number above 0'),
    ),
  };
}

export async function runScoringStep(engine: Engine, plan: Plan, runId: string, options: ScoringStepOptions = {}): Promise<ScoringOutcome> {
  const settings = scoringSettings(plan.vars);
  const model = (name: string): PlanModel => {
    const found = plan.models.find((each) => each.name === name);
    if (found === undefined) throw new ScoringSetupError(`the scoring step needs the model ${name}, which the project lacks`);
    return found;
  };
  const staged = (relation: Relation): Relation => (options.staged === true ? auditRelation(relation) : relation);
  const featuresModel = model('mart_account_features');
  const features = relationText(staged(featuresModel.relation), plan.target);
  const schema = featuresModel.relation.schema;
  const table = (name: string): string => relationText({ schema, name }, plan.target);
  const replaced = (name: (typeof REPLACED_SCORING_TABLES)[number]): string => relationText(staged({ schema, name }), plan.target);
  const rows = await readLabelledSnapshots(engine, { features, labels: relationText(staged(model('mart_account_labels').relation), plan.target) });
  const backtests = TARGETS.map((target) => backtest(target, rows, settings));
  const fits = TARGETS.map((target) => ({ target, model: trainTarget(target, rows, settings, 'the labelled history') }));
  const trainedThrough = rows.reduce((latest, row) => (row.snapshotDate > latest ? row.snapshotDate : latest), '');

  const coefficientRows = fits.flatMap(({ target, model }) => [
    [target.name, INTERCEPT, model.intercept, 0, 1],
    ...MODEL_FEATURES.map((feature, index) => [target.name, feature.name, model.coefficients[index], model.centers[index], model.scales[index]]),
  ]);
  const coefficients = replaced('model_coefficients');
  const backtestTable = table('model_backtests');
  const calibrationTable = table('model_calibration');
  const scores = replaced('mart_account_scores');
  await engine.execute(engine.dialect.createSchema(schema));
  await engine.transaction([
    `create table if not exists ${backtestTable} (
  run_id varchar(64), run_date date, target varchar(16), scorer varchar(32), cutoff_date date, last_test_date date,
  train_rows integer, test_rows integer, test_positives integer, auc double precision, brier_score double precision,
  precision_top_decile double precision, lift_top_decile double precision)`,
    `create table if not exists ${calibrationTable} (
  run_id varchar(64), target varchar(16), bin integer, row_count integer, mean_predicted double precision,
  observed_rate double precision)`,
    `insert into ${backtestTable} values ${backtests
      .flatMap((result) => result.scorers.map((scorer) => row([runId, plan.vars.run_date, result.target, scorer.scorer, result.cutoffDate, result.lastTestDate, result.trainRows, result.testRows, result.testPositives, scorer.auc, scorer.brierScore, scorer.precisionTopDecile, scorer.liftTopDecile])))
      .join(', ')}`,
    `insert into ${calibrationTable} values ${backtests
      .flatMap((result) => result.calibration.map((bin) => row([runId, result.target, bin.bin, bin.rows, bin.meanPredicted, bin.observedRate])))
      .join(', ')}`,
    `drop table if exists ${coefficients}`,
    `create table ${coefficients} (
  run_id varchar(64), target varchar(16), feature_name varchar(64), coefficient double precision,
  center double precision, scale double precision, trained_through date, l2_penalty double precision)`,
    `insert into ${coefficients} values ${coefficientRows.map((values) => row([runId, ...values, trainedThrough, settings.l2Penalty])).join(', ')}`,
    `drop table if exists ${scores}`,
    `create table ${scores} as ${scoringSelect(features, coefficients)}`,
  ]);
  return { trainingRows: rows.length, backtests };
}

function row(values: readonly unknown[]): string {
  return `(${values.map(literal).join(', ')})`;
}

function literal(value: unknown): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return 'null';
  if (typeof value === 'number') return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}
