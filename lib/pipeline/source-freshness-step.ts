/**
 * SourceFreshness step: after LoadRawDay and before the first layer, the project's source freshness
 * check (lib/freshness, the CLI's `source freshness`) on the run's warehouse, measured at the end of
 * the run date, its verdicts appended to audit.source_freshness. Like dbt, freshness is reported and
 * the build goes on: stale tables become the StaleSources metric (alarmed on) and warnings in the
 * log, never a failed run. A failure to reach the warehouse or to write the audit rows is not a
 * verdict and does fail the step.
 */
import type { Engine } from '../engines/engine.ts';
import { checkSourceFreshness, type FreshnessCheck } from '../freshness/check-source-freshness.ts';
import type { FreshnessResult } from '../freshness/freshness-records.ts';
import type { Plan } from '../plan/plan.ts';
import { PIPELINE_METRICS } from './pipeline-metric-names.ts';
import type { StepTelemetry } from './step-telemetry.ts';

export interface SourceFreshnessRun {
  readonly runId: string;
  readonly runDate: string;
}

/** dbt's error side: stale past error_after, no data, or a query that failed. */
function isStale(result: FreshnessResult): boolean {
  return result.status === 'error' || result.status === 'runtime error';
}

export async function runSourceFreshnessStep(engine: Engine, plan: Plan, run: SourceFreshnessRun, telemetry: StepTelemetry): Promise<FreshnessCheck> {
  const check = await checkSourceFreshness(engine, plan.sources, { runId: run.runId, runDate: run.runDate });
  const stale = check.results.filter(isStale);
  const warned = check.results.filter((result) => result.status === 'warn');
  telemetry.metric(PIPELINE_METRICS.staleSources, 'Count', stale.length);
  telemetry.metric(PIPELINE_METRICS.warnSources, 'Count', warned.length);
  for (const result of [...stale, ...warned]) {
    telemetry.warn('source freshness', {
      source: result.name,
      status: result.status,
      maxLoadedAt: result.maxLoadedAt?.toISOString() ?? null,
      ageSeconds: result.ageSeconds,
      warnAfter: result.warnAfter,
      errorAfter: result.errorAfter,
      message: result.message,
    });
  }
  telemetry.info('source freshness checked', {
    runDate: run.runDate,
    checked: check.results.length,
    stale: stale.length,
    warned: warned.length,
    skipped: check.skipped.length,
  });
  return check;
}
