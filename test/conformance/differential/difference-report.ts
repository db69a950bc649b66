/**
 * Differences as lines a reader can act on, each starting with the model (or test) it is
 * about, with the two warehouses named (e.g. `duckdb` and `postgres`). Rows are shown as JSON;
 * for a changed row only the differing columns and the row's first column (its key) are shown.
 */
import type { Row } from '../../../lib/engines/engine.ts';
import type { CheckOutcome, Difference } from './difference.ts';

export function differenceLines(differences: readonly Difference[], names: readonly [string, string]): string[] {
  const [a, b] = names;
  const side = (which: 'a' | 'b'): string => (which === 'a' ? a : b);
  return differences.map((difference) => {
    switch (difference.kind) {
      case 'missing-relation':
        return `${difference.model}: ${difference.relation} does not exist on ${side(difference.missingFrom)}`;
      case 'columns':
        return `${difference.model}: columns differ: ${a} has ${difference.a.join(', ')}; ${b} has ${difference.b.join(', ')}`;
      case 'column-type':
        return `${difference.model}.${difference.column}: ${a} type ${difference.a}, ${b} type ${difference.b} (one is floating point)`;
      case 'row-count':
        return `${difference.model}: ${difference.a} rows on ${a}, ${difference.b} on ${b}`;
      case 'row':
        return `${difference.model}: row only on ${side(difference.onlyIn)}: ${JSON.stringify(difference.row)}`;
      case 'value':
        return `${difference.model}: ${difference.columns.join(', ')} differ: ${a} ${shown(difference.a, difference.columns)}, ${b} ${shown(difference.b, difference.columns)}`;
      case 'more-rows':
        return `${difference.model}: ${difference.omitted} more differing rows not shown`;
      case 'check':
        return `test ${difference.test} (${difference.phase}): ${a} ${outcome(difference.a)}, ${b} ${outcome(difference.b)}`;
    }
  });
}

function shown(row: Row, columns: readonly string[]): string {
  const [key] = Object.keys(row);
  const picked = Object.fromEntries(
    [...(key !== undefined && !columns.includes(key) ? [key] : []), ...columns].map((name) => [name, row[name] ?? null]),
  );
  return JSON.stringify(picked);
}

function outcome(check: CheckOutcome | undefined): string {
  return check === undefined ? 'did not run it' : `${check.status} with ${check.failures} failing rows`;
}
