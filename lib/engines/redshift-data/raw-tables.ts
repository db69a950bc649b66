/**
 * The `raw` tables on Redshift: the landing contract's columns with their contract types mapped to
 * Redshift types, plus the three load columns (docs/architecture.md, "Raw landing contract"). A bare
 * `varchar` is only 256 bytes on Redshift, so contract text columns become varchar(65535), the
 * longest there is, as DuckDB's varchar has no limit. Tables are sorted by `_ingest_date`, the
 * column every day replace deletes by.
 */
import type { PlanColumn, PlanSource } from '../../plan/plan.ts';
import { LOAD_COLUMNS, MAX_SOURCE_FILE_BYTES } from '../../landing/load-columns.ts';
import { redshiftString } from '../../sql/literals.ts';
import type { RedshiftDataEngine } from './redshift-data-engine.ts';
import { quoteIdentifier, quotedRelation } from './redshift-identifiers.ts';

export const LONG_TEXT = 'varchar(65535)';


const TEXT_TYPES = new Set(['varchar', 'text', 'string', 'character varying']);
const DOUBLE_TYPES = new Set(['double', 'float8', 'double precision']);

/** A contract type as a Redshift column type; a column without one is loaded as text rather than guessed. */
export function redshiftColumnType(column: PlanColumn): string {
  const type = (column.dataType ?? 'varchar').trim().toLowerCase();
  if (TEXT_TYPES.has(type)) return LONG_TEXT;
  if (DOUBLE_TYPES.has(type)) return 'double precision';
  return type;
}

/** The load columns with their Redshift types; `_source_file` holds a landing path of at most 1,024 bytes. */
export const REDSHIFT_LOAD_COLUMNS: readonly { readonly name: string; readonly type: string }[] = LOAD_COLUMNS.map((column) => ({
  name: column.name,
  type: column.name === '_source_file' ? `varchar(${MAX_SOURCE_FILE_BYTES})` : redshiftColumnType(column),
}));

export function columnDefinition(name: string, type: string): string {
  return `${quoteIdentifier(name)} ${type}`;
}

export function createRawTableStatement(source: PlanSource): string {
  const definitions = [
    ...source.columns.map((column) => columnDefinition(column.name, redshiftColumnType(column))),
    ...REDSHIFT_LOAD_COLUMNS.map((column) => columnDefinition(column.name, column.type)),
  ];
  return `create table if not exists ${quotedRelation(source.relation)} (\n  ${definitions.join(',\n  ')}\n)\ncompound sortkey ("_ingest_date")`;
}

/**
 * Creates `raw.<table>` when missing, and adds contract columns a newer contract introduced (one
 * ALTER per column: Redshift adds one column per statement). Returns whether the table was new.
 */
export async function ensureRawTable(engine: RedshiftDataEngine, source: PlanSource): Promise<boolean> {
  const { schema, name } = source.relation;
  const existing = await engine.query(
    `select column_name from information_schema.columns
      where table_schema = ${redshiftString(schema)} and table_name = ${redshiftString(name)}`,
  );
  if (existing.length === 0) {
    await engine.execute(createRawTableStatement(source));
    return true;
  }
  const present = new Set(existing.map((row) => String(row.column_name).toLowerCase()));
  const wanted = [
    ...source.columns.map((column) => ({ name: column.name, type: redshiftColumnType(column) })),
    ...REDSHIFT_LOAD_COLUMNS,
  ];
  for (const column of wanted.filter((candidate) => !present.has(candidate.name.toLowerCase()))) {
    await engine.execute(`alter table ${quotedRelation(source.relation)} add column ${columnDefinition(column.name, column.type)}`);
  }
  return false;
}
