/** Test helper: every mutant one operator makes of a small SQL text, as the mutated texts. */
import { mutantsOf } from '../../lib/mutation/mutant-generation.ts';
import { applyMutant } from '../../lib/mutation/mutant.ts';
import type { MutationOperator } from '../../lib/mutation/operators/operator.ts';

export function mutate(sql: string, operator: MutationOperator): string[] {
  return mutantsOf({ name: 'm', layer: 'facts', path: 'sql/facts/m.sql', rawSql: sql }, [operator]).map((mutant) => applyMutant(sql, mutant));
}
