/**
 * An increment's staged copy leaves out the published rows delete+insert replaces, instead of
 * copying every row and deleting them (lib/publish/incremental-merge.ts, unreplacedRowsSelect), on
 * every engine that stages one: DuckDB, Postgres (PGlite) and Redshift through the local Data API
 * endpoint. The staged table is what delete+insert gives, worked out by hand: a key repeated in the
 * increment stays repeated, a key repeated in the published table is replaced whole, a null key
 * matches nothing, a two-column key matches on both columns, and the columns on_schema_change adds
 * are null in the rows already there. No DELETE is sent.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../lib/engines/engine.ts';
import type { PlanModel } from '../../lib/plan/plan.ts';
import { mergedIncrementStatements } from '../../lib/publish/staged-build.ts';
import { incrementalEngines } from '../runner/incremental-engines.ts';
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

async function staged(engine: Engine, target: PlanModel, withNote = false): Promise<Record<string, unknown>[]> {
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
  const statements = mergedIncrementStatements(engine.dialect, target, { published, increment });
  expect(statements.filter((sql) => sql.startsWith('delete'))).toEqual([]);
  await engine.transaction(statements);
  const columns = withNote ? 'deal_id, line, stage, note' : 'deal_id, line, stage';
  const rows = await engine.query(`select ${columns} from analytics.fact_lines__wap order by deal_id nulls first, line, stage`);
  return rows.map((row) => ({ ...row, deal_id: row.deal_id === null ? null : Number(row.deal_id) }));
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

describe.each(incrementalEngines)('the staged copy of an increment without the rows it replaces, on %s', (_name, open) => {
  it('stages the rows delete+insert stages, with no delete', async () => {
    const engine = await open();
    try {
      expect(await staged(engine, model())).toEqual(expected);
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('adds the new column on_schema_change append_new_columns asks for, null in the rows already there', async () => {
    const engine = await open();
    try {
      const appending = model({ onSchemaChange: 'append_new_columns' });
      const copied = await staged(engine, appending, true);
      expect(copied.map((row) => ({ deal_id: row.deal_id, line: row.line, stage: row.stage }))).toEqual(expected);
      expect(copied.filter((row) => row.note === 'n').map((row) => row.stage)).toEqual(['nullinc', 'won', 'lost', 'new1', 'new2']);
      expect(copied.filter((row) => row.note === null).map((row) => row.stage)).toEqual(['nullkey', 'open', 'kept']);
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('copies every row for the merge and append strategies and without a unique key', async () => {
    const engine = await open();
    try {
      // Every published row and every increment row: append inserts, and no stage of the increment is published for merge to match.
      const everyRow = [
        { deal_id: null, line: 'a', stage: 'nullinc' },
        { deal_id: null, line: 'a', stage: 'nullkey' },
        { deal_id: 1, line: 'a', stage: 'open' },
        { deal_id: 1, line: 'b', stage: 'open' },
        { deal_id: 1, line: 'b', stage: 'won' },
        { deal_id: 2, line: 'a', stage: 'dup1' },
        { deal_id: 2, line: 'a', stage: 'dup2' },
        { deal_id: 2, line: 'a', stage: 'lost' },
        { deal_id: 3, line: 'a', stage: 'kept' },
        { deal_id: 4, line: 'a', stage: 'new1' },
        { deal_id: 4, line: 'a', stage: 'new2' },
      ];
      for (const other of [model({ incrementalStrategy: 'append' }), model({ uniqueKey: undefined }), model({ incrementalStrategy: 'merge', uniqueKey: ['stage'] })]) {
        expect(await staged(engine, other)).toEqual(everyRow);
      }
    } finally {
      await engine.close();
    }
  }, 60_000);
});
