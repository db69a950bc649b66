/**
 * The scoring step on DuckDB over a generated landing: backtest rows appended per run, coefficients
 * replaced, and mart_account_scores computed in SQL exactly as the fitted model predicts; deterministic, and
 * failing clearly on bad settings or too little data.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding } from '../../lib/engines/duckdb/raw-loader.ts';
import { generateLanding } from '../../lib/generate/index.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { InsufficientTrainingDataError } from '../../lib/scoring/backtest.ts';
import { sigmoid } from '../../lib/scoring/logistic-regression.ts';
import { MODEL_FEATURES, featureSelectList } from '../../lib/scoring/model-features.ts';
import { runScoringStep, ScoringSetupError, type ScoringOutcome } from '../../lib/scoring/scoring-step.ts';
import { errorsOf, PROJECT_ROOT } from '../models/warehouse-build.ts';

const RUN_DATE = '2026-11-24';

let workDir: string;
let engine: DuckDbEngine;
let plan: Plan;
let first: ScoringOutcome;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'scoring-step-'));
  await generateLanding({ outDir: workDir, scale: 0.05, days: 2, seed: 5, endDate: RUN_DATE });
  plan = compileProject(await loadProject(PROJECT_ROOT), { target: 'duckdb', vars: { run_date: RUN_DATE } });
  engine = await DuckDbEngine.open({ path: ':memory:', threads: 2 });
  await loadLanding(engine, { landingDir: workDir, sources: plan.sources, runId: 'scoring', maxLoadErrors: 100_000 });
  const needed = new Set(['mart_account_labels']);
  for (const model of [...plan.models].reverse()) {
    if (needed.has(model.name)) for (const id of model.dependsOn.models) needed.add(id.replace('model.crm.', ''));
  }
  const result = await executePlan(engine, plan, {
    mode: 'run',
    runId: 'scoring',
    modelIds: plan.models.filter((model) => needed.has(model.name)).map((model) => model.id),
    testIds: [],
  });
  expect(errorsOf(result)).toEqual([]);
  first = await runScoringStep(engine, plan, 'run-1');
}, 300_000);

afterAll(async () => {
  await engine?.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('the scoring step', () => {
  it('records the backtest of the model and both baselines for each target', async () => {
    const rows = await engine.query("select target, scorer, train_rows, test_rows, auc from marts.model_backtests where run_id = 'run-1' order by target, scorer");
    expect(rows.map((row) => `${String(row.target)}/${String(row.scorer)}`)).toEqual([
      'churn/health_score',
      'churn/model',
      'churn/recency',
      'upsell/health_score',
      'upsell/model',
      'upsell/recency',
    ]);
    for (const row of rows) {
      expect(Number(row.train_rows)).toBeGreaterThan(100);
      expect(Number(row.auc)).toBeGreaterThan(0);
    }
    expect(Number((await engine.query("select count(*) as bins from marts.model_calibration where run_id = 'run-1'"))[0]?.bins)).toBeGreaterThan(2);
  });

  it('scores every account of the scoring snapshot in SQL exactly as the coefficients predict', async () => {
    const coefficients = await engine.query('select target, feature_name, coefficient, center, scale from marts.model_coefficients');
    expect(coefficients).toHaveLength(2 * (MODEL_FEATURES.length + 1));
    const features = await engine.query(`select features.account_id, ${featureSelectList()} from marts.mart_account_features as features where features.is_scoring_snapshot order by features.account_id`);
    const scores = await engine.query('select * from marts.mart_account_scores order by account_id');
    expect(scores.map((row) => row.account_id)).toEqual(features.map((row) => row.account_id));
    for (const [index, row] of features.entries()) {
      for (const target of ['churn', 'upsell']) {
        const contributions = coefficients
          .filter((coefficient) => coefficient.target === target)
          .map((coefficient) => {
            const value = coefficient.feature_name === '(intercept)' ? 1 : Number(row[`f_${String(coefficient.feature_name)}`]);
            return { name: String(coefficient.feature_name), contribution: (Number(coefficient.coefficient) * (value - Number(coefficient.center))) / Number(coefficient.scale) };
          });
        const probability = sigmoid(contributions.reduce((sum, each) => sum + each.contribution, 0));
        const scored = scores[index] as Record<string, unknown>;
        expect(Math.abs(Number(scored[`${target}_probability`]) - probability), `${String(row.account_id)} ${target}`).toBeLessThanOrEqual(5e-7);
        const reasons = contributions.filter((each) => each.name !== '(intercept)' && each.contribution > 0).sort((a, b) => b.contribution - a.contribution || (a.name < b.name ? -1 : 1));
        expect(scored[`${target}_reason_1`] ?? null).toBe(reasons[0]?.name ?? null);
      }
    }
  });

  it('gives the same results when run again, appending the backtest and replacing the coefficients', async () => {
    const before = await engine.query('select target, feature_name, coefficient from marts.model_coefficients order by target, feature_name');
    const second = await runScoringStep(engine, plan, 'run-2');
    expect(second.backtests).toEqual(first.backtests);
    expect(await engine.query('select target, feature_name, coefficient from marts.model_coefficients order by target, feature_name')).toEqual(before);
    const runs = await engine.query('select run_id, count(*) as scorers from marts.model_backtests group by run_id order by run_id');
    expect(runs).toEqual([
      { run_id: 'run-1', scorers: 6 },
      { run_id: 'run-2', scorers: 6 },
    ]);
  });

  it('refuses too little data, saying what it found and what it needs', async () => {
    const strict = { ...plan, vars: { ...plan.vars, model_min_class_rows: 10_000_000 } };
    await expect(runScoringStep(engine, strict, 'run-3')).rejects.toThrow(InsufficientTrainingDataError);
    await expect(runScoringStep(engine, strict, 'run-3')).rejects.toThrow(/^churn model: training before \d{4}-\d\d-\d\d has \d+ positive and \d+ negative labelled snapshots; need at least 10000000 of each/);
  });

  it('refuses a bad setting, naming the var', async () => {
    const bad = { ...plan, vars: { ...plan.vars, model_l2_penalty: -1 } };
    await expect(runScoringStep(engine, bad, 'run-4')).rejects.toThrow(new ScoringSetupError('sql/project.yml: vars.model_l2_penalty must be a number above 0 (got -1)'));
  });
});
