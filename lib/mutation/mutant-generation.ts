/** Every mutant of a model or macro file: each operator over its token stream, duplicates removed, in file order. */
import type { Mutant, MutantLayer } from './mutant.ts';
import { MUTATION_OPERATORS } from './mutation-operators.ts';
import type { MutationOperator } from './operators/operator.ts';
import { positionOf, significantTokens, tokenStream } from './sql-token-stream.ts';

export interface ModelSource {
  readonly name: string;
  readonly layer: MutantLayer;
  readonly path: string;
  readonly rawSql: string;
}

export function mutantsOf(model: ModelSource, operators: readonly MutationOperator[] = MUTATION_OPERATORS): Mutant[] {
  const tokens = significantTokens(tokenStream(model.rawSql, model.path));
  const seen = new Set<string>();
  const mutants: Mutant[] = [];
  for (const operator of operators) {
    for (const edit of operator.edits(tokens, model.rawSql)) {
      const original = model.rawSql.slice(edit.start, edit.end);
      const key = `${edit.start}:${edit.end}:${edit.replacement}`;
      if (original === edit.replacement || seen.has(key)) continue;
      seen.add(key);
      const { line, column } = positionOf(model.rawSql, edit.start);
      mutants.push({
        id: `${model.path}:${line}:${column}:${operator.name}:${edit.replacement}`,
        model: model.name,
        layer: model.layer,
        path: model.path,
        line,
        column,
        operator: operator.name,
        start: edit.start,
        end: edit.end,
        original,
        mutated: edit.replacement,
      });
    }
  }
  // Stable: mutants at one place keep the order their operator gives them.
  return mutants.sort((a, b) => a.start - b.start || a.end - b.end);
}
