/**
 * Column types as a model contract compares them (dbt's `contract: {enforced: true}`). Each engine
 * spells a type its own way — DuckDB's information_schema says `DECIMAL(18,2)` and `VARCHAR`,
 * Postgres and Redshift say `numeric` (precision and scale in their own columns) and
 * `character varying` — so the declared type and the built one are both reduced to one spelling
 * before they are compared. What is kept is what a reader of the table depends on: the family,
 * and a decimal's precision and scale. A string's length is not kept: DuckDB has none.
 */

const ALIASES: Readonly<Record<string, string>> = {
  varchar: 'varchar',
  'character varying': 'varchar',
  text: 'varchar',
  string: 'varchar',
  nvarchar: 'varchar',
  int: 'integer',
  int4: 'integer',
  integer: 'integer',
  signed: 'integer',
  bigint: 'bigint',
  int8: 'bigint',
  long: 'bigint',
  smallint: 'smallint',
  int2: 'smallint',
  hugeint: 'hugeint',
  double: 'double',
  'double precision': 'double',
  float8: 'double',
  float: 'double',
  real: 'real',
  float4: 'real',
  boolean: 'boolean',
  bool: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  'timestamp without time zone': 'timestamp',
  timestamptz: 'timestamptz',
  'timestamp with time zone': 'timestamptz',
};

/** The types a contract may declare, for messages. */
export const CONTRACT_TYPES = 'varchar, integer, bigint, smallint, decimal(p,s), double precision, real, boolean, date, timestamp, timestamptz';

/**
 * The comparable spelling of a declared type (`decimal(18,2)`, `varchar`, …), or undefined when a
 * contract cannot state it: an unknown type, or a decimal without precision and scale (the engines'
 * defaults differ: DuckDB's is (18,3), Redshift's (18,0)).
 */
export function declaredContractType(declared: string): string | undefined {
  const text = declared.trim().toLowerCase().replace(/\s+/g, ' ');
  const decimal = /^(?:decimal|numeric) ?\( ?(\d+) ?, ?(\d+) ?\)$/.exec(text);
  if (decimal !== null) return `decimal(${Number(decimal[1])},${Number(decimal[2])})`;
  const sized = /^(varchar|character varying|nvarchar) ?\( ?\d+ ?\)$/.exec(text);
  return ALIASES[sized === null ? text : (sized[1] as string)];
}

/** The comparable spelling of a built column's type, from information_schema.columns on any engine. */
export function builtContractType(dataType: string, precision: number | null, scale: number | null): string {
  const text = dataType.trim().toLowerCase().replace(/\s+/g, ' ');
  if ((text === 'numeric' || text === 'decimal') && precision !== null && scale !== null) return `decimal(${precision},${scale})`;
  return declaredContractType(text) ?? text;
}
