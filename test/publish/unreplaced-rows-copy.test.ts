/**
 * On the local engines an increment's staged copy leaves out the published rows delete+insert
 * replaces, instead of copying every row and deleting them (lib/publish/incremental-merge.ts,
 * unreplacedRowsSelect). Both forms run here on the same rows, on DuckDB and Postgres (PGlite),
 * and must stage the same table: a key repeated in the increment stays repeated, a key repeated in
 * the published table is replaced whole, a null key matches nothing, a two-column key matches on
 * both columns, and the columns on_schema_change adds are null in the rows already there.
 */
import { describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import type { Engine } from '../../lib/engines/engine.ts';
import { PgliteEngine } from '../../lib/engines/postgres/pglite-engine.ts';
import type { PlanModel } from '../../lib/plan/plan.ts';
import { mergedIncrementStatements } from '../../lib/publish/staged-build.ts';
import { planModel } from '../runner/plan-builder.ts';

function model(config: Partial<PlanModel['config']> = {}): PlanModel {
  const base = planModel('fact_lines', { sql: 'select 1', materialized: 'incremental', uniqueKey: ['deal_id', 'line'] });
  return { ...base, config: { ...base.config, ...config } };
}

const published = [
  { name: 'deal_id', type: 'integer' },
  { name: 'line', type: 'varchar(10)' },
  { name: 'stage', type: 'varchar(10)' },
];

async function staged(engine: Engine, target: PlanModel, copyUnreplacedRows: boolean, withNote = false): Promise<Record<string, unknown>[]> {
  await engine.execute('create schema if not exists analytics');
  await engine.execute('drop table if exists analytics.fact_lines__wap');
  await engine.execute('drop table if exists analytics.fact_lines__inc');
  await engine.execute('drop table if exists analytics.fact_lines');
  await engine.execute('create table analytics.fact_lines (deal_id integer, line varchar(10), stage varchar(10))');
  await engine.execute(`insert into analytics.fact_lines values (1, 'a', 'open'), (1, 'b', 'open'), (2, 'a', 'dup1'), (2, 'a', 'dup2'), (null, 'a', 'nullkey'), (3, 'a', 'kept')`);
  const note = withNote ? ', note varchar(10)' : '';
  await engine.execute(`create table analytics.fact_lines__inc (deal_id integer, line varchar(10), stage varchar(10)${note})`);
  const noteValue = withNote ? ", 'n'" : '';
  await engine.execute(
    `insert into analytics.fact_lines__inc values (1, 'b', 'won'${noteValue}), (2, 'a', 'lost'${noteValue}), (4, 'a', 'new1'${noteValue}), (4, 'a', 'new2'${noteValue}), (null, 'a', 'nullinc'${noteValue})`,
  );
  const increment = withNote ? [...published, { name: 'note', type: 'varchar(10)' }] : published;
  await engine.transaction(mergedIncrementStatements(engine.dialect, target, { published, increment }, { copyUnreplacedRows }));
  const columns = withNote ? 'deal_id, line, stage, note' : 'deal_id, line, stage';
  return engine.query(`select ${columns} from analytics.fact_lines__wap order by deal_id nulls first, line, stage`);
}

const expected = [
  { deal_id: null, line: 'a', stage: 'nullinc' },
  { deal_id: null, line: 'a', stage: 'nullkey' },
  { deal_id: 1, line: 'a', stage: 'open' },
  { deal_id: 1, line: 'b', stage: 'won' },
  { deal_id: 2, line: 'a', stage: 'lost' },
  { deal_id: 3, line: 'a', stage: 'kept' },
  { deal_id: 4, line: 'a', stage: 'new1' },
  { deal_id: 4, line: 'a', stage: 'new2' },
];

const engines: [string, () => Promise<Engine>][] = [
  ['DuckDB', () => DuckDbEngine.open({ path: ':memory:', threads: 1 })],
  ['Postgres (PGlite)', () => PgliteEngine.open()],
];

describe.each(engines)('the staged copy of an increment without the rows it replaces, on %s', (_name, open) => {
  it('stages the rows delete+insert stages, with no delete', async () => {
    const engine = await open();
    try {
      const copied = await staged(engine, model(), true);
      expect(copied).toEqual(await staged(engine, model(), false));
      expect(copied.map((row) => ({ ...row, deal_id: row.deal_id === null ? null : Number(row.deal_id) }))).toEqual(expected);
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('adds the new column on_schema_change append_new_columns asks for, null in the rows already there', async () => {
    const engine = await open();
    try {
      const appending = model({ onSchemaChange: 'append_new_columns' });
      const copied = await staged(engine, appending, true, true);
      expect(copied).toEqual(await staged(engine, appending, false, true));
      expect(copied.filter((row) => row.note === 'n').map((row) => row.stage)).toEqual(['nullinc', 'won', 'lost', 'new1', 'new2']);
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('copies every row for the merge and append strategies and without a unique key, as before', async () => {
    const engine = await open();
    try {
      for (const other of [model({ incrementalStrategy: 'append' }), model({ uniqueKey: undefined }), model({ incrementalStrategy: 'merge', uniqueKey: ['stage'] })]) {
        expect(await staged(engine, other, true)).toEqual(await staged(engine, other, false));
      }
    } finally {
      await engine.close();
    }
  }, 60_000);
});
