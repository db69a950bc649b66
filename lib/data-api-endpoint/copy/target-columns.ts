import { sqlString } from '../../sql/literals.ts';
import type { PostgresSession } from '../postgres/postgres-session.ts';
import { RedshiftSqlError } from '../sql/redshift-sql-error.ts';
import { regclassSql, relationSql, type RelationName } from '../sql/relation-name.ts';

/** A column a COPY loads, with what its values are checked against. */
export interface TargetColumn {
  readonly name: string;
  /** `format_type` of the column, e.g. `numeric(18,2)`, for Postgres' input validation. */
  readonly formattedType: string;
  /** The type's name as SYS_LOAD_ERROR_DETAIL shows it (`int4`, `varchar`). */
  readonly typeName: string;
  /** CHAR/VARCHAR/TEXT: values are loaded as text, empty fields follow EMPTYASNULL. */
  readonly isCharacter: boolean;
  /** Declared length of CHAR(n)/VARCHAR(n); Redshift counts it in bytes. */
  readonly maxBytes?: number;
  readonly notNull: boolean;
}

export interface CopyTarget {
  readonly tableId: number;
  /** The table's name as Redshift's COPY messages show it (no schema). */
  readonly tableName: string;
  readonly relation: string;
  readonly columns: readonly TargetColumn[];
}

/** Postgres stores a varchar's type modifier as the declared length plus 4. */
const TYPE_MODIFIER_OFFSET = 4;

export async function readCopyTarget(
  session: PostgresSession,
  table: RelationName,
  listed: readonly string[] | undefined,
): Promise<CopyTarget> {
  const [tableRow] = await session.rows(`select ${regclassSql(table)}::oid::int`);
  const tableId = tableRow?.[0];
  if (tableId === null || tableId === undefined) {
    throw new RedshiftSqlError(`relation "${table.schema === undefined ? '' : `${table.schema}.`}${table.name}" does not exist`);
  }
  const rows = await session.rows(
    `select a.attname, format_type(a.atttypid, a.atttypmod), t.typname, t.typcategory, a.atttypmod, a.attnotnull
     from pg_attribute a join pg_type t on t.oid = a.atttypid
     where a.attrelid = ${sqlString(tableId)}::int::oid and a.attnum > 0 and not a.attisdropped
     order by a.attnum`,
  );
  const all = rows.map(([name, formattedType, typeName, category, typeModifier, notNull]): TargetColumn => {
    const isCharacter = category === 'S';
    const modifier = Number(typeModifier);
    return {
      name: name as string,
      formattedType: formattedType as string,
      typeName: typeName as string,
      isCharacter,
      ...(isCharacter && modifier > TYPE_MODIFIER_OFFSET ? { maxBytes: modifier - TYPE_MODIFIER_OFFSET } : {}),
      notNull: notNull === 't',
    };
  });
  const columns =
    listed === undefined
      ? all
      : listed.map((name) => {
          const column = all.find((candidate) => candidate.name === name);
          if (column === undefined) throw new RedshiftSqlError(`column "${name}" of relation "${table.name}" does not exist`);
          return column;
        });
  return { tableId: Number(tableId), tableName: table.name, relation: relationSql(table), columns };
}
