/** A mutant: one operator's edit of one model file, placed for reports and the allow-list. */
import type { Layer } from '../plan/plan.ts';

export interface Mutant {
  /** `path:line:column:operator:mutated`, unique within a run. */
  readonly id: string;
  readonly model: string;
  readonly layer: Layer;
  /** Project-relative, e.g. `sql/facts/fact_deals.sql`. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly operator: string;
  readonly start: number;
  readonly end: number;
  readonly original: string;
  readonly mutated: string;
}

/** The model file with the mutant applied. */
export function applyMutant(rawSql: string, mutant: Pick<Mutant, 'start' | 'end' | 'mutated'>): string {
  return rawSql.slice(0, mutant.start) + mutant.mutated + rawSql.slice(mutant.end);
}
