import { describe, expect, it } from 'vitest';
import { INSERT_VALUES_BYTES, LONG_TEXT_CHARACTERS, auditInserts, checkResultInsert, modelRunInsert, sampleJson } from '../../lib/publish/audit-records.ts';

const at = new Date('2026-11-02T08:00:00.000Z');

describe('audit records', () => {
  it('writes a model run with quoted text and null rows', () => {
    const sql = modelRunInsert({
      runId: 'r1',
      nodeId: 'model.crm.x',
      nodeName: 'x',
      resourceType: 'model',
      status: 'error',
      rows: null,
      seconds: 0.5,
      message: "table 'x' missing",
      startedAt: at,
      completedAt: at,
    });

    expect(sql).toContain(
      `values ('r1', 'model.crm.x', 'x', 'model', 'error', null, 0.5, 'table ''x'' missing', cast('2026-11-02 08:00:00.000' as timestamp), cast('2026-11-02 08:00:00.000' as timestamp))`,
    );
  });

  it('cuts a message longer than the column can hold on Redshift', () => {
    const sql = modelRunInsert({
      runId: 'r1',
      nodeId: 'n',
      nodeName: 'n',
      resourceType: 'model',
      status: 'error',
      rows: null,
      seconds: 1,
      message: 'x'.repeat(LONG_TEXT_CHARACTERS + 10),
      startedAt: at,
      completedAt: at,
    });

    expect(sql).toContain(`'${'x'.repeat(LONG_TEXT_CHARACTERS - 1)}…'`);
    expect(sql).not.toContain('x'.repeat(LONG_TEXT_CHARACTERS));
  });

  it('writes a check result with its sample as JSON and null sample when empty', () => {
    const base = {
      runId: 'r1',
      testId: 'test.crm.t',
      testName: 't',
      modelId: 'model.crm.x',
      severity: 'warn',
      status: 'warn',
      failures: 2,
      phase: 'published',
      checkedAt: at,
    } as const;

    expect(checkResultInsert({ ...base, columnName: 'id', sample: [{ id: 1 }, { id: 2 }] })).toContain(
      `'warn', 'warn', 2, '[{"id":1},{"id":2}]', 'published'`,
    );
    expect(checkResultInsert({ ...base, sample: [] })).toContain(`'model.crm.x', null, 'warn', 'warn', 2, null, 'published'`);
  });

  it('drops sample rows until the JSON fits rather than storing broken JSON', () => {
    const wide = { text: 'y'.repeat(LONG_TEXT_CHARACTERS / 2) };

    expect(JSON.parse(sampleJson([wide, wide, wide]) ?? '')).toHaveLength(1);
    expect(sampleJson([{ text: 'y'.repeat(LONG_TEXT_CHARACTERS) }])).toBeNull();
  });

  it('appends many records in few multi-row inserts, each within the statement size budget', () => {
    const run = (index: number, message?: string) =>
      ({ runId: 'r1', nodeId: `n${index}`, nodeName: `n${index}`, resourceType: 'test', status: 'pass', rows: null, seconds: 0, message, startedAt: at, completedAt: at }) as const;
    const check = { runId: 'r1', testId: 't', testName: 't', modelId: 'm', severity: 'warn', status: 'pass', failures: 0, sample: [], phase: 'audit', checkedAt: at } as const;

    const few = auditInserts([run(1), run(2)], [check]);
    const many = auditInserts(
      Array.from({ length: 12 }, (_, index) => run(index, 'x'.repeat(LONG_TEXT_CHARACTERS))),
      [],
    );

    expect(few).toHaveLength(2);
    expect(few[0]).toMatch(/^insert into audit\.model_runs[\s\S]*'n1'[\s\S]*\),\n\s+\('r1', 'n2'/);
    expect(few[1]).toMatch(/^insert into audit\.check_results/);
    expect(many.length).toBeGreaterThan(1);
    expect(many.join('').match(/'r1', 'n\d+'/g)).toHaveLength(12);
    for (const statement of many) expect(Buffer.byteLength(statement)).toBeLessThan(INSERT_VALUES_BYTES + 1024);
    expect(auditInserts([], [])).toEqual([]);
  });
});
