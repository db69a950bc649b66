/**
 * The marts one dashboard may read, by name, as SQL relations of the plan's target. A dashboard
 * asking for a mart its exposure does not depend on (sql/exposures.yml) is an error: the lineage
 * graph and the exposure pages must tell the truth about what each dashboard reads.
 */
import { relationText, type Plan, type PlanExposure } from '../plan/plan.ts';

export class ExposureMarts {
  private constructor(
    readonly exposure: string,
    private readonly relations: ReadonlyMap<string, string>,
  ) {}

  static of(plan: Plan, exposure: PlanExposure): ExposureMarts {
    const relations = new Map<string, string>();
    const allowed = new Set(exposure.dependsOn.models);
    for (const model of plan.models) {
      if (allowed.has(model.id)) relations.set(model.name, relationText(model.relation, plan.target));
    }
    return new ExposureMarts(exposure.name, relations);
  }

  /** `marts.mart_sales_pipeline` on DuckDB, `"marts"."mart_sales_pipeline"` on Redshift. */
  relation(martName: string): string {
    const relation = this.relations.get(martName);
    if (relation === undefined) {
      throw new Error(
        `dashboard ${this.exposure} reads ${martName}, which exposure ${this.exposure} does not depend on (sql/exposures.yml depends_on: ${[...this.relations.keys()].join(', ') || 'nothing'})`,
      );
    }
    return relation;
  }

  /** The marts of the exposure, by name. */
  names(): string[] {
    return [...this.relations.keys()].sort();
  }
}
