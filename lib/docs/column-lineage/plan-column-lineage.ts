/**
 * Column lineage of every model of a plan. Models are analysed in the plan's order (dependencies
 * first) so that a `select *` over an upstream model expands to the columns that model's own SQL
 * outputs; when those are not fully known, its declared (schema.yml) columns stand in, and without
 * either any column the SQL names is taken as the upstream model's. Lineage is read from the full
 * build SQL: an incremental model's increment query outputs the same columns from the same inputs.
 */
import type { Plan } from '../../plan/plan.ts';
import { qualified } from '../../plan/plan.ts';
import { LOAD_COLUMNS as LANDING_LOAD_COLUMNS } from '../../landing/load-columns.ts';
import type { ColumnDerivation, UnresolvedReference } from './lineage-types.ts';
import { queryColumnLineage, type CatalogRelation } from './query-column-lineage.ts';

export interface ModelColumnLineage {
  readonly model: string;
  readonly columns: readonly ColumnDerivation[];
  readonly incomplete: readonly UnresolvedReference[];
}

export function planColumnLineage(plan: Plan): ModelColumnLineage[] {
  const relations = new Map<string, CatalogRelation>();
  for (const source of plan.sources) {
    // Loaded raw tables carry the loader's bookkeeping columns after the contract's.
    const columns = [...source.columns, ...LANDING_LOAD_COLUMNS].map((column) => column.name.toLowerCase());
    relations.set(qualified(source.relation).toLowerCase(), { node: source.id, columns });
  }
  const lineage: ModelColumnLineage[] = [];
  for (const model of plan.models) {
    const analysed = queryColumnLineage(model.sql, (name) => relations.get(name));
    lineage.push({ model: model.id, columns: analysed.columns, incomplete: analysed.incomplete });
    const declared = model.columns.map((column) => column.name.toLowerCase());
    const columns =
      analysed.incomplete.length === 0 ? analysed.columns.map((column) => column.column) : declared.length > 0 ? declared : undefined;
    relations.set(qualified(model.relation).toLowerCase(), { node: model.id, columns });
  }
  return lineage;
}
