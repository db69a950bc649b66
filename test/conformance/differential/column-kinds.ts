/**
 * The columns of a relation and whether each holds floating-point numbers, from the engine's column
 * catalog (lib/sql/column-catalog.ts: on Redshift the one that lists late-binding views too). Only the float/exact split
 * matters to the comparison: floating-point columns compare with a tolerance, every other type
 * exactly (decimals arrive as the doubles nearest to their exact values on every engine, so
 * equal decimals give equal numbers).
 */
import type { Engine } from '../../../lib/engines/engine.ts';
import type { Relation } from '../../../lib/plan/plan.ts';
import { columnCatalog } from '../../../lib/sql/column-catalog.ts';
import { sqlString } from '../../../lib/sql/literals.ts';

export interface RelationColumn {
  readonly name: string;
  /** The engine's type name, as its column catalog spells it. */
  readonly dataType: string;
  readonly float: boolean;
}

/** DuckDB's DOUBLE/FLOAT, Postgres's and Redshift's double precision/real. */
const FLOAT_TYPE = /^(double|float|real)/i;

/** The relation's columns in order; empty when the relation does not exist. */
export async function relationColumns(engine: Engine, relation: Relation): Promise<RelationColumn[]> {
  const rows = await engine.query(
    `select column_name, data_type from ${columnCatalog(engine.target)}
      where table_schema = ${sqlString(relation.schema)} and table_name = ${sqlString(relation.name)}
      order by ordinal_position`,
  );
  return rows.map((row) => {
    const dataType = String(row.data_type);
    return { name: String(row.column_name), dataType, float: FLOAT_TYPE.test(dataType) };
  });
}
