/**
 * A view's rows evaluated once per run, on the local engines. A view with tests is staged as a
 * snapshot table for its audit (model-publisher.ts); a staging view's query is a deduplication
 * window over its whole raw table, and every model and test downstream of it would evaluate that
 * window again. So once a view's audit passed, the runner keeps its snapshot for the rest of the
 * run as `<view>__snap`, and the tables and tests that run after it read the snapshot instead of
 * the view. Publishing is unchanged: it drops the staged snapshot only if it still exists
 * (publish-statements.ts), then creates the view in its place and swaps it in.
 *
 * The snapshot holds exactly the rows the view returns for the rest of the run: a view reads only
 * relations published before it is built, a run builds each model once and loads raw tables before
 * any model, and models never read the clock. Published views are never rewritten (their
 * definition must outlive the run), nor is a model's own name. Redshift is left alone: there a
 * table costs a distribution and its own storage, and the cloud pipeline stages the run otherwise.
 */
import type { Engine } from '../engines/engine.ts';
import type { PlanModel, Relation } from '../plan/plan.ts';
import { stagedRelation } from '../publish/staged-build.ts';
import { StagedRelations } from '../publish/staged-relations.ts';

/** Where a view's snapshot is kept until the end of the run (`staging.stg_crm_deals__snap`). */
export function snapshotRelation(view: Relation): Relation {
  return { schema: view.schema, name: `${view.name}__snap` };
}

export class ViewSnapshots {
  /** Snapshots renamed into place, by view id; readable once their view is published. */
  private readonly kept = new Map<string, Relation>();
  private readable: Relation[] = [];
  private reader = new StagedRelations([], snapshotRelation);

  constructor(private readonly engine: Engine) {}

  /** After the view's staged snapshot passed its audit, before publishing: keep it under its snapshot name. */
  async keep(view: PlanModel): Promise<void> {
    if (this.engine.target === 'redshift' || view.config.materialized !== 'view') return;
    const snapshot = snapshotRelation(view.relation);
    const { dialect } = this.engine;
    await this.engine.transaction([dialect.dropRelation(snapshot, 'table'), ...dialect.swap(stagedRelation(view), snapshot, 'table', undefined)]);
    this.kept.set(view.id, snapshot);
  }

  /** Once publishing the view ended: later nodes read its snapshot, or, if it was not published, the snapshot goes. */
  async settle(view: PlanModel, published: boolean): Promise<void> {
    const snapshot = this.kept.get(view.id);
    if (snapshot === undefined) return;
    if (!published) {
      this.kept.delete(view.id);
      await this.engine.execute(this.engine.dialect.dropRelation(snapshot, 'table'));
      return;
    }
    this.readable = [...this.readable, view.relation];
    this.reader = new StagedRelations(this.readable, snapshotRelation);
  }

  /** The model as built in this run: a table or increment reads the kept snapshots of the views upstream. */
  reading(model: PlanModel): PlanModel {
    if (model.config.materialized === 'view' || this.readable.length === 0) return model;
    const read = (sql: string): string => this.reader.rewrite(sql, model.relation);
    return { ...model, sql: read(model.sql), ...(model.incrementalSql === undefined ? {} : { incrementalSql: read(model.incrementalSql) }) };
  }

  /** A test's query reading the kept snapshots. */
  readingSql(sql: string): string {
    return this.reader.rewrite(sql);
  }

  /** At the end of the run, whatever it did. */
  async dropAll(): Promise<void> {
    const snapshots = [...this.kept.values()];
    this.kept.clear();
    this.readable = [];
    this.reader = new StagedRelations([], snapshotRelation);
    for (const snapshot of snapshots) await this.engine.execute(this.engine.dialect.dropRelation(snapshot, 'table'));
  }
}

