/**
 * The data_type a schema.yml declares for a model column is what unit tests cast given rows to, so it
 * must be the type the model really returns: a declared decimal(18,2) that the model returns as double,
 * say, would let a unit test pass on arithmetic the warehouse does differently. Checked against the
 * relations DuckDB builds (from an empty landing folder: types do not depend on rows).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRealProject, errorsOf, type BuiltWarehouse } from './warehouse-build.ts';

/** Spellings of one type; DuckDB reports the first. */
const SYNONYMS: readonly (readonly string[])[] = [
  ['varchar', 'text', 'string', 'character varying'],
  ['integer', 'int', 'int4'],
  ['bigint', 'int8'],
  ['boolean', 'bool'],
  ['double', 'double precision', 'float8'],
];

function normalisedType(type: string): string {
  const compact = type.trim().toLowerCase().replace(/\s*\(\s*/g, '(').replace(/\s*,\s*/g, ',').replace(/\s*\)/g, ')').replace(/^numeric\(/, 'decimal(');
  return SYNONYMS.find((spellings) => spellings.includes(compact))?.[0] ?? compact;
}

let landing: string;
let built: BuiltWarehouse;

beforeAll(async () => {
  landing = await mkdtemp(join(tmpdir(), 'no-landing-'));
  built = await buildRealProject(landing, {});
});

afterAll(async () => {
  await built?.engine.close();
  await rm(landing, { recursive: true, force: true });
});

describe('declared column types', () => {
  it('builds every model', () => {
    expect(errorsOf(built.result)).toEqual([]);
  });

  it('match the types of the built relations, for every model column that declares one', async () => {
    const rows = await built.engine.query(
      `select table_schema, table_name, column_name, data_type from information_schema.columns where table_schema <> 'raw' and table_schema <> 'audit'`,
    );
    const actual = new Map(rows.map((row) => [`${String(row.table_schema)}.${String(row.table_name)}.${String(row.column_name)}`, String(row.data_type)]));
    const declared = built.plan.models.flatMap((model) =>
      model.columns.filter((column) => column.dataType !== undefined).map((column) => ({ key: `${model.relation.schema}.${model.relation.name}.${column.name}`, type: column.dataType as string })),
    );
    expect(declared.length).toBeGreaterThan(100);
    const mismatches = declared
      .map(({ key, type }) => ({ key, declared: normalisedType(type), built: actual.has(key) ? normalisedType(actual.get(key) as string) : 'no such column' }))
      .filter((column) => column.declared !== column.built);
    expect(mismatches).toEqual([]);
  });
});
