/**
 * Scoring step: after QualityChecks and before Publish, the churn and upsell scoring
 * (lib/scoring/scoring-step.ts) of the run's staged features. It follows write-audit-publish like the
 * models: it reads `mart_account_features__wap` and `mart_account_labels__wap` (built and tested by
 * this run) and writes `mart_account_scores__wap` and `model_coefficients__wap`, which Publish swaps in
 * with every model in its one transaction (`withStagedScores`), so a run that fails anywhere publishes
 * no scores and readers never see scores of other features than the published ones.
 *
 * - A run that does not build the features (a selection without them) has nothing new to score: the
 *   published scores stay.
 * - Too little labelled history to fit (a new warehouse) is reported (ScoringSkipped, a warning) and
 *   the run goes on publishing the rest, as `crm-warehouse score` says "not possible yet": the
 *   published scores, if any, stay.
 * - Anything else (bad settings, a failed statement) fails the run before Publish.
 */
import type { Engine } from '../engines/engine.ts';
import type { PlanModel } from '../plan/plan.ts';
import { InsufficientTrainingDataError } from '../scoring/backtest.ts';
import { REPLACED_SCORING_TABLES, runScoringStep } from '../scoring/scoring-step.ts';
import { PIPELINE_METRICS } from './pipeline-metric-names.ts';
import type { RunPlan } from './run-plan.ts';
import type { StepTelemetry } from './step-telemetry.ts';

const FEATURES = 'mart_account_features';
const LABELS = 'mart_account_labels';

/** The features and labels models, when the run builds both. */
function scoredModels(runPlan: RunPlan): { features: PlanModel; labels: PlanModel } | undefined {
  const selected = new Set(runPlan.selection.models);
  const find = (name: string): PlanModel | undefined => runPlan.plan.models.find((model) => model.name === name && selected.has(model.id));
  const features = find(FEATURES);
  const labels = find(LABELS);
  return features === undefined || labels === undefined ? undefined : { features, labels };
}

/** Runs the staged scoring; true when it staged scores for Publish. */
export async function runStagedScoring(engine: Engine, runPlan: RunPlan, runId: string, telemetry: StepTelemetry): Promise<boolean> {
  if (scoredModels(runPlan) === undefined) {
    telemetry.info('not scored: the run builds no features', { needs: [FEATURES, LABELS] });
    return false;
  }
  try {
    const started = Date.now();
    const outcome = await runScoringStep(engine, runPlan.plan, runId, { staged: true });
    telemetry.metric(PIPELINE_METRICS.scoringSkipped, 'Count', 0);
    telemetry.info('scores staged', {
      trainingRows: outcome.trainingRows,
      seconds: (Date.now() - started) / 1000,
      backtests: outcome.backtests.map((backtest) => ({
        target: backtest.target,
        testRows: backtest.testRows,
        auc: backtest.scorers.map((scorer) => `${scorer.scorer} ${scorer.auc.toFixed(3)}`).join(', '),
      })),
    });
    return true;
  } catch (error) {
    if (!(error instanceof InsufficientTrainingDataError)) throw error;
    telemetry.metric(PIPELINE_METRICS.scoringSkipped, 'Count', 1);
    telemetry.warn('not scored: too little labelled history to fit; the published scores stay', { reason: error.message });
    return false;
  }
}

/**
 * The run plan Publish executes when the Scoring step staged scores: the replaced scoring tables as
 * table models of the features' layer (its schema, its `grants:`), so Publish swaps and grants them
 * like any model, in the same transaction.
 */
export function withStagedScores(runPlan: RunPlan): RunPlan {
  const scored = scoredModels(runPlan);
  if (scored === undefined) throw new Error(`Publish was told scores were staged, but the run builds no ${FEATURES} and ${LABELS}`);
  const { features, labels } = scored;
  const outputs: PlanModel[] = REPLACED_SCORING_TABLES.map((name) => ({
    id: `scoring.${features.id.split('.')[1] ?? 'crm'}.${name}`,
    name,
    path: 'lib/scoring/scoring-step.ts',
    layer: features.layer,
    relation: { schema: features.relation.schema, name },
    description: `Written by the Scoring step from ${FEATURES}`,
    config: { materialized: 'table', tags: [], ...(features.config.grants === undefined ? {} : { grants: features.config.grants }) },
    columns: [],
    dependsOn: { models: [features.id, labels.id], sources: [] },
    // Never compiled or run: the Scoring step built the staged table.
    sql: '',
    checksum: '',
  }));
  return {
    ...runPlan,
    plan: { ...runPlan.plan, models: [...runPlan.plan.models, ...outputs] },
    selection: { ...runPlan.selection, models: [...runPlan.selection.models, ...outputs.map((model) => model.id)] },
  };
}
