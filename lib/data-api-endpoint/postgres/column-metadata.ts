import type { WireColumnMetadata } from '../statements/statement-record.ts';
import type { PostgresSession, ResultField } from './postgres-session.ts';
import { TYPE_OID } from './wire-values.ts';

/** Precision and scale Redshift reports for fixed-size types (its JDBC conventions). */
const FIXED_PRECISION: ReadonlyMap<number, { precision: number; scale: number }> = new Map([
  [TYPE_OID.bool, { precision: 1, scale: 0 }],
  [TYPE_OID.int2, { precision: 5, scale: 0 }],
  [TYPE_OID.int4, { precision: 10, scale: 0 }],
  [TYPE_OID.int8, { precision: 19, scale: 0 }],
  [TYPE_OID.float4, { precision: 8, scale: 8 }],
  [TYPE_OID.float8, { precision: 17, scale: 17 }],
  [TYPE_OID.date, { precision: 13, scale: 0 }],
  [TYPE_OID.time, { precision: 15, scale: 6 }],
  [TYPE_OID.timestamp, { precision: 29, scale: 6 }],
  [TYPE_OID.timestamptz, { precision: 35, scale: 6 }],
]);
const SIGNED: ReadonlySet<number> = new Set([
  TYPE_OID.int2,
  TYPE_OID.int4,
  TYPE_OID.int8,
  TYPE_OID.float4,
  TYPE_OID.float8,
  TYPE_OID.numeric,
]);
const CHARACTER: ReadonlySet<number> = new Set([TYPE_OID.text, TYPE_OID.bpchar, TYPE_OID.varchar]);
/** Postgres computes string expressions as `text`; Redshift reports them as `varchar`. */
const REDSHIFT_TYPE_NAMES: Readonly<Record<string, string>> = { text: 'varchar' };
/** Postgres stores a type modifier 4 larger than the declared length or packed precision/scale. */
const TYPE_MODIFIER_OFFSET = 4;

interface TableColumn {
  readonly schemaName: string;
  readonly tableName: string;
  readonly notNull: boolean;
}

/** Builds the Data API's ColumnMetadata for a result, looking up type names and source columns. */
export class ColumnMetadataReader {
  private readonly typeNames = new Map<number, string>();

  constructor(private readonly session: PostgresSession) {}

  async describe(fields: readonly ResultField[]): Promise<WireColumnMetadata[]> {
    await this.loadTypeNames(fields);
    const tableColumns = await this.readTableColumns(fields);
    return fields.map((field) => {
      const typeName = this.typeNames.get(field.typeId) ?? 'unknown';
      const column = tableColumns.get(columnKey(field.tableId, field.columnNumber));
      return {
        isCaseSensitive: CHARACTER.has(field.typeId),
        isCurrency: false,
        isSigned: SIGNED.has(field.typeId),
        label: field.name,
        length: 0,
        name: field.name,
        nullable: column?.notNull === true ? 0 : 1,
        ...precisionAndScale(field),
        schemaName: column?.schemaName ?? '',
        tableName: column?.tableName ?? '',
        typeName: REDSHIFT_TYPE_NAMES[typeName] ?? typeName,
      };
    });
  }

  private async loadTypeNames(fields: readonly ResultField[]): Promise<void> {
    const unknown = [...new Set(fields.map((field) => field.typeId))].filter((id) => !this.typeNames.has(id));
    if (unknown.length === 0) return;
    const rows = await this.session.rows(`select oid::int, typname from pg_type where oid in (${unknown.join(', ')})`);
    for (const [oid, name] of rows) this.typeNames.set(Number(oid), name ?? 'unknown');
  }

  private async readTableColumns(fields: readonly ResultField[]): Promise<Map<string, TableColumn>> {
    const sources = fields.filter((field) => field.tableId !== 0);
    const columns = new Map<string, TableColumn>();
    if (sources.length === 0) return columns;
    const pairs = sources.map((field) => `(${field.tableId}, ${field.columnNumber})`).join(', ');
    const rows = await this.session.rows(
      `select a.attrelid::int, a.attnum::int, a.attnotnull, n.nspname, c.relname
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       where (a.attrelid::int, a.attnum::int) in (${pairs})`,
    );
    for (const [tableId, columnNumber, notNull, schemaName, tableName] of rows) {
      columns.set(columnKey(Number(tableId), Number(columnNumber)), {
        schemaName: schemaName ?? '',
        tableName: tableName ?? '',
        notNull: notNull === 't',
      });
    }
    return columns;
  }
}

function columnKey(tableId: number, columnNumber: number): string {
  return `${tableId}:${columnNumber}`;
}

function precisionAndScale(field: ResultField): { precision: number; scale: number } {
  const fixed = FIXED_PRECISION.get(field.typeId);
  if (fixed !== undefined) return fixed;
  const modifier = field.typeModifier - TYPE_MODIFIER_OFFSET;
  if (field.typeModifier < TYPE_MODIFIER_OFFSET) return { precision: 0, scale: 0 };
  if (field.typeId === TYPE_OID.numeric) return { precision: (modifier >> 16) & 0xffff, scale: modifier & 0xffff };
  return { precision: modifier, scale: 0 };
}
