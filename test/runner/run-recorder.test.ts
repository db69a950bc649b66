import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTableStatements } from '../../lib/audit/audit-tables.ts';
import type { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { AUDIT_BATCH_ROWS, AUDIT_WRITE_INTERVAL_MS, RunRecorder } from '../../lib/runner/run-recorder.ts';
import type { CheckPhase } from '../../lib/publish/audit-records.ts';
import { openTestEngine } from './plan-builder.ts';

describe('RunRecorder', () => {
  let engine: DuckDbEngine;
  let now: number;
  let recorder: RunRecorder;
  /** The audit table of each INSERT sent, in order. */
  let inserts: string[];

  beforeEach(async () => {
    engine = await openTestEngine();
    for (const statement of auditTableStatements()) await engine.execute(statement);
    now = 0;
    inserts = [];
    engine.onStatement = (sql) => {
      const table = /^insert into (audit\.\w+)/.exec(sql)?.[1];
      if (table !== undefined) inserts.push(table);
    };
    recorder = new RunRecorder(engine, 'r', 1000, undefined, () => now);
  });
  afterEach(async () => {
    await engine.close();
  });

  async function model(name: string, at: number): Promise<void> {
    const started = recorder.start({ id: `model.crm.${name}`, name, resourceType: 'model' });
    now = at;
    await recorder.finishModel(started, { status: 'success', rows: 1 });
  }

  async function test(name: string, phase: CheckPhase): Promise<void> {
    const started = recorder.start({ id: `test.crm.${name}`, name, resourceType: 'test' });
    const check = { status: 'pass' as const, failures: 0, sample: [] };
    await recorder.finishTest(started, { id: `test.crm.${name}`, name, attachedTo: 'model.crm.a', severity: 'error' }, check, phase);
  }

  async function written(table: string): Promise<string[]> {
    const rows = await engine.query(`select ${table === 'audit.model_runs' ? 'node_name' : 'test_name'} as name from ${table} order by 1`);
    return rows.map((row) => String(row.name));
  }

  it('writes the rows of models that finish within the interval together, with the next model to finish after it', async () => {
    await model('a', 100);
    await test('a_audit', 'audit');
    await model('b', AUDIT_WRITE_INTERVAL_MS - 1);
    expect(inserts).toEqual([]);

    await model('c', AUDIT_WRITE_INTERVAL_MS);
    expect(inserts).toEqual(['audit.model_runs', 'audit.check_results']);
    expect(await written('audit.model_runs')).toEqual(['a', 'a_audit', 'b', 'c']);
    expect(await written('audit.check_results')).toEqual(['a_audit']);

    // The interval runs from that write.
    await model('d', 2 * AUDIT_WRITE_INTERVAL_MS - 1);
    expect(inserts).toHaveLength(2);
    await model('e', 2 * AUDIT_WRITE_INTERVAL_MS);
    expect(await written('audit.model_runs')).toEqual(['a', 'a_audit', 'b', 'c', 'd', 'e']);
  });

  it('writes at once when AUDIT_BATCH_ROWS are pending, except in an audit, and what is left on flush', async () => {
    // Each test is a model_runs row and a check_results row.
    const tests = AUDIT_BATCH_ROWS / 2;
    for (let index = 0; index < tests - 1; index += 1) await test(`t${String(index).padStart(3, '0')}`, 'published');
    await test('the_audit', 'audit');
    expect(inserts).toEqual([]);
    await model('a', 1);
    expect(inserts).toEqual(['audit.model_runs', 'audit.check_results']);

    await model('b', 2);
    expect(inserts).toHaveLength(2);
    await recorder.flush();
    expect(inserts).toEqual(['audit.model_runs', 'audit.check_results', 'audit.model_runs']);
    expect(await written('audit.model_runs')).toHaveLength(tests + 2);
    expect(await written('audit.check_results')).toHaveLength(tests);
    await recorder.flush();
    expect(inserts).toHaveLength(3);
  });
});
