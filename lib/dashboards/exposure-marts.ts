/**
 * The marts one dashboard may read, by name, as SQL relations of the plan's target. A dashboard
 * asking for a mart its exposure does not depend on (sql/exposures.yml) is an error: the lineage
 * graph and the exposure pages must tell the truth about what each dashboard reads.
 */
import { relationText, type Plan, type PlanExposure, type Relation, type TargetName } from '../plan/plan.ts';

/**
 * Tables a step after the build writes outside the plan, by the model they are computed from and
 * written next to: the score step (lib/scoring/scoring-step.ts) writes mart_account_scores in the
 * schema of mart_account_features. An exposure reads one by depending on that model.
 */
export const STEP_TABLES: Readonly<Record<string, string>> = { mart_account_scores: 'mart_account_features' };

export class ExposureMarts {
  private constructor(
    readonly exposure: string,
    private readonly target: TargetName,
    private readonly relations: ReadonlyMap<string, Relation>,
  ) {}

  static of(plan: Plan, exposure: PlanExposure): ExposureMarts {
    const relations = new Map<string, Relation>();
    const allowed = new Set(exposure.dependsOn.models);
    for (const model of plan.models) {
      if (allowed.has(model.id)) relations.set(model.name, model.relation);
    }
    return new ExposureMarts(exposure.name, plan.target, relations);
  }

  /** `marts.mart_sales_pipeline` on DuckDB, `"marts"."mart_sales_pipeline"` on Redshift. */
  relation(martName: string): string {
    return relationText(this.model(martName), this.target);
  }

  /**
   * A table of STEP_TABLES, where its step writes it. It may not exist (a warehouse built without the
   * step): ask the engine before reading it.
   */
  stepTable(name: string): { readonly relation: Relation; readonly text: string } {
    const source = STEP_TABLES[name];
    if (source === undefined) throw new Error(`dashboard ${this.exposure} reads ${name}, which is neither a model nor a table a step writes (${Object.keys(STEP_TABLES).join(', ')})`);
    const relation = { schema: this.model(source, name).schema, name };
    return { relation, text: relationText(relation, this.target) };
  }

  /** The marts of the exposure, by name. */
  names(): string[] {
    return [...this.relations.keys()].sort();
  }

  private model(martName: string, readFor?: string): Relation {
    const relation = this.relations.get(martName);
    if (relation === undefined) {
      const what = readFor === undefined ? martName : `${readFor} (computed from ${martName})`;
      throw new Error(
        `dashboard ${this.exposure} reads ${what}, which exposure ${this.exposure} does not depend on (sql/exposures.yml depends_on: ${[...this.relations.keys()].join(', ') || 'nothing'})`,
      );
    }
    return relation;
  }
}
