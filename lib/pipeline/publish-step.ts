/**
 * Publish: put every model this run staged in place, in ONE transaction whatever their number
 * (publish-procedure.ts), so readers see the whole previous warehouse or the whole new one.
 *
 * 1. Which published relations exist now (relation-catalog.ts).
 * 2. Preparation, in as many batches as needed, none of it visible to readers: the queue table
 *    and the procedure; each view model's published definition created as `<name>__pub` (reading
 *    the published names, late-binding, so it reads the new tables once they are swapped in);
 *    the run's swap statements queued in order. Per model:
 *    - table: drop the published relation (if any) and rename `<name>__wap` to it;
 *    - view: drop the published relation (if any) and rename `<name>__pub` to it. Renaming the
 *      staged `__wap` view would keep the `__wap` names it was built to read, which are gone
 *      afterwards, and creating the view inside the procedure would put model SQL of any size
 *      into the queue;
 *    - then its `grants:`: the relation is new, so readers keep access only because they are
 *      granted again in the same transaction.
 *    The swap and the grants are the local runner's too (lib/publish/publish-swap.ts). After the
 *    swaps, when the run has incremental models, the state rows the layer steps kept pending are
 *    copied into audit.incremental_state (lib/publish/incremental-state.ts).
 * 3. One batch: `call audit.publish_run('<run>')`: every queued statement, one transaction.
 * 4. The staged views are dropped, and the KPIs are read from the newly published marts and
 *    reported as metrics for the dashboard's trends.
 */
import type { RelationKind } from '../engines/engine.ts';
import { redshiftDialect } from '../engines/redshift-data/redshift-dialect.ts';
import { qualified, type PlanModel } from '../plan/plan.ts';
import { publishPendingStateStatements } from '../publish/incremental-state.ts';
import { publishSwapStatements } from '../publish/publish-swap.ts';
import { publishedViewRelation, stagedRelation } from '../publish/staged-build.ts';
import type { FinishedBatch } from './data-api-batches.ts';
import { packGroups, type PackedBatch } from './batch-packing.ts';
import { kpiQuery, reportKpis } from './kpi-query.ts';
import { publishCall, publishProcedureSetup, queueStatements, type QueuedStatement } from './publish-procedure.ts';
import { relationKinds, relationKindsQuery, type RelationKinds } from './relation-catalog.ts';
import type { RunPlan } from './run-plan.ts';
import type { Memo, RowReader, StepDecision, StepProgram } from './step-runner.ts';
import type { StepTelemetry } from './step-telemetry.ts';

export interface PublishOptions {
  readonly runPlan: RunPlan;
  /** The run being published: the key of its queued statements. */
  readonly runId: string;
  readonly telemetry: StepTelemetry;
}

type PublishMemo = {
  readonly phase: 'catalog' | 'prepare' | 'swap' | 'cleanup';
  readonly batch: number;
  readonly existing: RelationKinds;
}

export class PublishStep implements StepProgram {
  private readonly models: readonly PlanModel[];

  constructor(private readonly options: PublishOptions) {
    const selected = new Set(options.runPlan.selection.models);
    this.models = options.runPlan.plan.models.filter((model) => selected.has(model.id));
  }

  async advance(finished: FinishedBatch | undefined, memo: Memo, rows: RowReader): Promise<StepDecision> {
    if (finished === undefined) {
      if (this.models.length === 0) return { memo: {} };
      return {
        batch: { label: 'publish: which relations are published now', sqls: [relationKindsQuery(this.models.map((model) => model.relation))] },
        memo: { phase: 'catalog', batch: 0, existing: {} } satisfies PublishMemo,
      };
    }
    const state = memo as unknown as PublishMemo;
    if (state.phase === 'catalog') return this.nextPreparation({ phase: 'prepare', batch: 0, existing: relationKinds(await rows(0)) });
    if (state.phase === 'prepare') return this.nextPreparation({ ...state, batch: state.batch + 1 });
    if (state.phase === 'swap') {
      return { batch: { label: 'drop staged views, read KPIs', sqls: this.cleanupStatements() }, memo: { ...state, phase: 'cleanup' } satisfies PublishMemo };
    }
    const cleanup = this.cleanupStatements();
    const kpiIndex = cleanup.length - 1;
    if (this.kpiQuery() !== undefined) reportKpis((await rows(kpiIndex))[0], this.options.telemetry);
    this.options.telemetry.info('published', { models: this.models.length });
    return { memo: {} };
  }

  private nextPreparation(state: PublishMemo): StepDecision {
    const batches = this.preparationBatches(state.existing);
    const next = batches[state.batch];
    if (next !== undefined) {
      return { batch: { label: `prepare publish ${state.batch + 1}/${batches.length}`, sqls: next.sqls }, memo: state satisfies PublishMemo };
    }
    return { batch: { label: 'publish every model in one transaction', sqls: [publishCall(this.options.runId)] }, memo: { ...state, phase: 'swap' } satisfies PublishMemo };
  }

  /** Deterministic for a given catalog answer, so every invocation computes the same batches. */
  preparationBatches(existing: RelationKinds): PackedBatch<string>[] {
    const views = this.models
      .filter((model) => model.config.materialized === 'view')
      .map((model) => ({ key: model.id, sqls: redshiftDialect.createView(publishedViewRelation(model), model.sql) }));
    const [deleteQueued, ...inserts] = queueStatements(this.options.runId, this.queuedStatements(existing));
    return packGroups([
      { key: 'publish procedure', sqls: [...publishProcedureSetup(), deleteQueued as string] },
      ...views,
      ...inserts.map((sql, index) => ({ key: `queue ${index + 1}`, sqls: [sql] })),
    ]);
  }

  /** Every model's swap and grants, in plan order: what the one transaction runs. */
  queuedStatements(existing: RelationKinds): QueuedStatement[] {
    const swaps = this.models.flatMap((model) => this.swapStatements(model, existing[qualified(model.relation)]).map((sql) => ({ owner: model.id, sql })));
    // The layer steps' pending state rows become the run's incremental state in the same transaction.
    const incremental = this.models.some((model) => model.config.materialized === 'incremental');
    return incremental ? [...swaps, ...publishPendingStateStatements(this.options.runId).map((sql) => ({ owner: 'incremental state', sql }))] : swaps;
  }

  swapStatements(model: PlanModel, published: RelationKind | undefined): string[] {
    const staged = model.config.materialized === 'view' ? publishedViewRelation(model) : stagedRelation(model);
    return publishSwapStatements(redshiftDialect, 'redshift', model, staged, published);
  }

  /** Staged views to drop, then the KPI query when the facts it reads are in the plan. */
  cleanupStatements(): string[] {
    const views = this.models
      .filter((model) => model.config.materialized === 'view')
      .map((model) => redshiftDialect.dropRelation(stagedRelation(model), 'view'));
    const kpi = this.kpiQuery();
    const statements = kpi === undefined ? views : [...views, kpi];
    return statements.length > 0 ? statements : ['select 1 as nothing_to_clean'];
  }

  /** The KPI query over the marts this run publishes (kpi-query.ts). */
  kpiQuery(): string | undefined {
    return kpiQuery(this.models);
  }
}
