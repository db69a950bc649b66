import { describe, expect, it } from 'vitest';
import { LONG_TEXT_CHARACTERS, checkResultInsert, modelRunInsert, sampleJson } from '../../lib/runner/audit-records.ts';

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
});
