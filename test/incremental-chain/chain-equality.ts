/**
 * The assertions every engine's chain test makes (chain-harness.ts runs the chain). The
 * increments are asserted only once the plan has incremental models, so this proof holds for a
 * project of full tables too and becomes stricter, not red, when models turn incremental.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChainDayBuild } from '../../lib/incremental-chain/daily-builds.ts';
import type { Plan, PlanModel } from '../../lib/plan/plan.ts';
import {
  chainOptionsFromEnvironment,
  chainTimeoutMs,
  incrementalModels,
  runIncrementalChain,
  type ChainOptions,
  type ChainOutcome,
  type ChainTarget,
} from './chain-harness.ts';

/** The raw tables a model reads, through the models it reads. */
export function rawTablesRead(plan: Plan, model: PlanModel): Set<string> {
  const byId = new Map(plan.models.map((candidate) => [candidate.id, candidate]));
  const tableOf = new Map(plan.sources.map((source) => [source.id, source.tableName]));
  const tables = new Set<string>();
  const seen = new Set<string>();
  const visit = (current: PlanModel): void => {
    if (seen.has(current.id)) return;
    seen.add(current.id);
    for (const source of current.dependsOn.sources) tables.add(tableOf.get(source) ?? source);
    for (const upstream of current.dependsOn.models) {
      const found = byId.get(upstream);
      if (found !== undefined) visit(found);
    }
  };
  visit(model);
  return tables;
}

function errorsOf(day: ChainDayBuild): string[] {
  return day.run.results.filter((result) => result.status === 'error' || result.status === 'fail').map((result) => `${result.id}: ${result.message ?? ''}`);
}

export function describeChainEquality(target: ChainTarget, options: ChainOptions = chainOptionsFromEnvironment(), smallScaleTimeoutMs = 300_000): void {
  describe(`on ${target.name}, ${options.days} daily incremental builds at scale ${options.scale} end with the tables of a full refresh`, () => {
    let outcome: ChainOutcome;

    beforeAll(async () => {
      outcome = await runIncrementalChain(target, options);
    }, chainTimeoutMs(options, smallScaleTimeoutMs));

    it(`builds every day; day ${options.failingDay} fails after its load on the injected test only, and the next day catches up`, () => {
      expect(outcome.days).toHaveLength(options.days);
      for (const day of outcome.days) {
        expect(day.load.totals.rowsLoaded, `rows loaded on day ${day.day}`).toBeGreaterThan(0);
        if (day.day === options.failingDay) {
          expect(day.run.success).toBe(false);
          // The failing audit stops the model's publish, which counts as the model's error too.
          const failing = outcome.plan.models.find((model) => model.name === options.failingModel)!;
          expect(errorsOf(day).map((line) => line.split(':')[0]).sort()).toEqual([failing.id, outcome.injectedTestId].sort());
        } else {
          expect(errorsOf(day), `day ${day.day} (${day.runDate})`).toEqual([]);
        }
      }
      expect(errorsOf({ ...outcome.days[0]!, run: outcome.fullRefresh.run }), 'the full refresh').toEqual([]);
    });

    it('publishes the same rows in every staging, analytics, intermediate and marts relation as the full refresh', () => {
      for (const model of ['stg_crm_activities', 'stg_crm_contacts', 'stg_crm_deals', 'stg_crm_deal_stage_changes', 'stg_crm_orders', 'stg_crm_tickets', 'dim_accounts', 'fact_activities', 'fact_deal_stage_history', 'fact_orders', 'fact_tickets', 'int_deal_metrics_by_owner', 'mart_revenue']) {
        expect(outcome.comparedModels).toContain(model);
      }
      expect(outcome.tableDifferences).toEqual([]);
    });

    it('finds the same failing rows in every data test on the last day as the full refresh', () => {
      expect(outcome.checkDifferences).toEqual([]);
    });

    it('read only what changed in the tests that can: the raw tables\' tests, and the models\' where increments merge in place', () => {
      const id = (name: string) => `test.${outcome.plan.project}.${name}`;
      expect(outcome.narrowedOnLastDay).toContain(id('source_unique_combination_of_columns_crm_activities_activity_id__updated_at___ingest_date___source_file'));
      const ofModels = outcome.narrowedOnLastDay.filter((testId) => outcome.plan.tests.find((test) => test.id === testId)?.landedAudit === undefined);
      if (outcome.mergesInPlace) expect(ofModels).toContain(id('unique_fact_activities_activity_id'));
      else expect(ofModels).toEqual([]);
    });

    it('built the incremental models as increments, fully on the first day and after a past day re-landed, and never recorded the failed build', (context) => {
      const models = incrementalModels(outcome.plan);
      // Nothing to assert about increments while every model is a full table.
      if (models.length === 0) context.skip();
      const stateOf = (model: PlanModel, day: number) => {
        const runId = outcome.days[day - 1]?.runId;
        return outcome.states.filter((state) => state.modelId === model.id && state.runId === runId);
      };
      const relanded = new Set<string>(outcome.manifest.days.flatMap((day) => day.files.filter((file) => file.reLanded).map((file) => file.table)));
      const relandedOn = outcome.manifest.days.find((day) => day.files.some((file) => file.reLanded))!.day;
      const failing = outcome.plan.models.find((model) => model.name === options.failingModel)!;
      for (const model of models) {
        expect(stateOf(model, 1).map((state) => state.fullRefresh), `${model.name} on day 1`).toEqual([true]);
        expect(stateOf(model, options.days).map((state) => state.fullRefresh), `${model.name} on the last day`).toEqual([false]);
        const readsRelanded = [...rawTablesRead(outcome.plan, model)].some((table) => relanded.has(table));
        if (readsRelanded) expect(stateOf(model, relandedOn).map((state) => state.fullRefresh), `${model.name} on the re-landing day`).toEqual([true]);
      }
      if (failing.config.materialized === 'incremental') {
        expect(stateOf(failing, options.failingDay), `${failing.name} on the failed day`).toEqual([]);
        expect(stateOf(failing, options.failingDay + 1), `${failing.name} the day after`).toHaveLength(1);
      }
    });
  });
}
