/**
 * Write-audit-publish across the whole run (docs/architecture.md, "Runs, safety and history"). The layer
 * steps build every selected model under its staging name (`analytics.fact_deals__wap`), the
 * quality checks read those staged relations, and only then does Publish swap them all in.
 * Until Publish commits, readers of the warehouse see the previous run's tables, untouched.
 *
 * For that, a model built in this run must read its upstream models' *staged* relations, not
 * the published ones (which are yesterday's, or absent on a first run). The compiler renders
 * `ref()` to the published relation, `"schema"."name"` for Redshift (or `schema.name`, as other
 * targets and older plans write it), so the staged SQL replaces exactly those references, for the
 * models this run builds, and leaves everything else alone: sources (`raw.*`), models not
 * selected (they are read as published, as dbt does), and the model's own relation (`{{ this }}`
 * in an incremental model means what is published now). A reference is only replaced where it
 * stands alone: not inside a longer identifier (`analytics.fact_deals_daily`) and not after a dot.
 */
import { auditRelation, qualified, type Relation } from '../plan/plan.ts';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class StagedRelations {
  private readonly pattern: RegExp | undefined;
  private readonly built: ReadonlySet<string>;

  /** `renamed`: where a reference to a built model points (lib/runner/view-snapshots.ts keeps views' snapshots). */
  constructor(
    relations: readonly Relation[],
    private readonly renamed: (relation: Relation) => Relation = auditRelation,
  ) {
    this.built = new Set(relations.map(qualified));
    const alternatives = [...this.built]
      .sort((a, b) => b.length - a.length)
      .flatMap((name) => {
        const [schema = '', table = ''] = name.split('.');
        return [`"${escape(schema)}"\\."${escape(table)}"`, `${escape(schema)}\\.${escape(table)}(?![\\w"$])`];
      });
    this.pattern = alternatives.length === 0 ? undefined : new RegExp(`(?<![\\w.$])(?:${alternatives.join('|')})`, 'gi');
  }

  /** `sql` reading the staged relations; `self` (the model being built) keeps its published name. */
  rewrite(sql: string, self?: Relation): string {
    if (this.pattern === undefined) return sql;
    const own = self === undefined ? undefined : qualified(self);
    return sql.replace(this.pattern, (match: string) => {
      const quoted = match.startsWith('"');
      const name = match.replaceAll('"', '').toLowerCase();
      if (name === own || !this.built.has(name)) return match;
      const [schema = '', table = ''] = name.split('.');
      const staged = this.renamed({ schema, name: table });
      return quoted ? `"${staged.schema}"."${staged.name}"` : qualified(staged);
    });
  }
}
