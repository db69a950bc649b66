/** A mutant: one operator's edit of one model or macro file, placed for reports and the allow-list. */
import type { Layer } from '../plan/plan.ts';

/** A model's layer, or `macros` for a file of `sql/macros/`. */
export type MutantLayer = Layer | 'macros';

export interface Mutant {
  /** `path:line:column:operator:mutated`, unique within a run. */
  readonly id: string;
  /** The model's name; for a macro file, the file's name without `.sql` (`latest_versions`). */
  readonly model: string;
  readonly layer: MutantLayer;
  /** Project-relative, e.g. `sql/facts/fact_deals.sql` or `sql/macros/run_day.sql`. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly operator: string;
  readonly start: number;
  readonly end: number;
  readonly original: string;
  readonly mutated: string;
}

/** The file with the mutant applied. */
export function applyMutant(rawSql: string, mutant: Pick<Mutant, 'start' | 'end' | 'mutated'>): string {
  return rawSql.slice(0, mutant.start) + mutant.mutated + rawSql.slice(mutant.end);
}
