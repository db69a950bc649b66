/**
 * The differential comparison: two warehouses built from the same project on two
 * engines (DuckDB and Postgres; later the Redshift engine through the local Data API endpoint)
 * must hold the same rows in every model and find the same failures in every data test.
 *
 * For every model of the plan, table or view: both relations must exist with the same column
 * names in the same order and the same float/exact kind per column (column-kinds.ts); all rows
 * are read from both, put in the canonical order (row-order.ts) and compared row by row with the
 * documented tolerance (value-tolerance.ts, compare-rows.ts). Then audit.check_results of both
 * warehouses' last runs are compared per test (compare-checks.ts).
 *
 * Any Engine works on either side; nothing here knows which engines they are.
 */
import type { Engine } from '../../../lib/engines/engine.ts';
import { qualified } from '../../../lib/plan/plan.ts';
import type { Plan, PlanModel } from '../../../lib/plan/plan.ts';
import { compareChecks } from './compare-checks.ts';
import { compareSortedRows } from './compare-rows.ts';
import { relationColumns } from './column-kinds.ts';
import type { RelationColumn } from './column-kinds.ts';
import type { Difference } from './difference.ts';
import { sortColumns, sortRows } from './row-order.ts';

export interface CompareOptions {
  /** Row and value differences reported one by one per model; the rest are counted. @default 5 */
  readonly rowsPerModel?: number;
  /** The runs whose check results to compare, on `a` and on `b`. @default each side's most recent run */
  readonly checkRunIds?: readonly [string, string];
}

export async function compareWarehouses(a: Engine, b: Engine, plan: Plan, options: CompareOptions = {}): Promise<Difference[]> {
  const differences: Difference[] = [];
  for (const model of plan.models) differences.push(...(await compareModel(a, b, model, options.rowsPerModel ?? 5)));
  differences.push(...(await compareChecks(a, b, options.checkRunIds)));
  return differences;
}

async function compareModel(a: Engine, b: Engine, model: PlanModel, limit: number): Promise<Difference[]> {
  const relation = qualified(model.relation);
  const [columnsA, columnsB] = await Promise.all([relationColumns(a, model.relation), relationColumns(b, model.relation)]);
  if (columnsA.length === 0 || columnsB.length === 0) {
    return [
      ...(columnsA.length === 0 ? [{ kind: 'missing-relation' as const, model: model.name, relation, missingFrom: 'a' as const }] : []),
      ...(columnsB.length === 0 ? [{ kind: 'missing-relation' as const, model: model.name, relation, missingFrom: 'b' as const }] : []),
    ];
  }
  const namesA = columnsA.map((column) => column.name);
  const namesB = columnsB.map((column) => column.name);
  if (namesA.join('\u0000') !== namesB.join('\u0000')) return [{ kind: 'columns', model: model.name, a: namesA, b: namesB }];

  const differences: Difference[] = columnKindDifferences(model.name, columnsA, columnsB);
  // A column that is floating point on either side compares with the tolerance.
  const columns = sortColumns(columnsA.map((column, index) => ({ name: column.name, float: column.float || (columnsB[index] as RelationColumn).float })));
  const select = `select * from ${relation}`;
  const [rowsA, rowsB] = await Promise.all([a.query(select), b.query(select)]);
  if (rowsA.length !== rowsB.length) differences.push({ kind: 'row-count', model: model.name, a: rowsA.length, b: rowsB.length });
  const rows = compareSortedRows(model.name, sortRows(rowsA, columns), sortRows(rowsB, columns), columns, limit);
  differences.push(...rows.differences);
  if (rows.differingRows > rows.differences.length) {
    differences.push({ kind: 'more-rows', model: model.name, omitted: rows.differingRows - rows.differences.length });
  }
  return differences;
}

function columnKindDifferences(model: string, columnsA: readonly RelationColumn[], columnsB: readonly RelationColumn[]): Difference[] {
  return columnsA.flatMap((column, index) => {
    const other = columnsB[index] as RelationColumn;
    if (column.float === other.float) return [];
    return [{ kind: 'column-type' as const, model, column: column.name, a: column.dataType, b: other.dataType }];
  });
}
