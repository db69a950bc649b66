/**
 * Write-audit-publish across the whole run (DESIGN.md, "Runs, safety and history"). The layer
 * steps build every selected model under its staging name (`analytics.fact_deals__wap`), the
 * quality checks read those staged relations, and only then does Publish swap them all in.
 * Until Publish commits, readers of the warehouse see the previous run's tables, untouched.
 *
 * For that, a model built in this run must read its upstream models' *staged* relations, not
 * the published ones (which are yesterday's, or absent on a first run). The compiler renders
 * `ref()` to the published `schema.name` (always lower-case, unquoted: plan.ts `qualified`), so
 * the staged SQL replaces exactly those references, for the models this run builds, and leaves
 * everything else alone: sources (`raw.*`), models not selected (they are read as published, as
 * dbt does), and the model's own relation (`{{ this }}` in an incremental model means what is
 * published now). A reference is only replaced where it stands alone: not inside a longer
 * identifier (`analytics.fact_deals_daily`) and not after a quote or a dot.
 */
import { auditRelation, qualified, type Relation } from '../plan/plan.ts';

export class StagedRelations {
  private readonly pattern: RegExp | undefined;
  private readonly staged: ReadonlyMap<string, string>;

  constructor(relations: readonly Relation[]) {
    this.staged = new Map(relations.map((relation) => [qualified(relation), qualified(auditRelation(relation))]));
    const names = [...this.staged.keys()].sort((a, b) => b.length - a.length).map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    this.pattern = names.length === 0 ? undefined : new RegExp(`(?<![\\w."$])(${names.join('|')})(?![\\w"$])`, 'gi');
  }

  /** `sql` reading the staged relations; `self` (the model being built) keeps its published name. */
  rewrite(sql: string, self?: Relation): string {
    if (this.pattern === undefined) return sql;
    const own = self === undefined ? undefined : qualified(self);
    return sql.replace(this.pattern, (match: string) => {
      const name = match.toLowerCase();
      return name === own ? match : (this.staged.get(name) ?? match);
    });
  }
}
