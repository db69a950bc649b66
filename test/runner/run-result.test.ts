import { describe, expect, it } from 'vitest';
import type { NodeStatus } from '../../lib/publish/audit-records.ts';
import { countResults, slowestModels } from '../../lib/runner/run-result.ts';
import type { NodeResult } from '../../lib/runner/run-result.ts';

const at = new Date(0);
function result(name: string, resourceType: 'model' | 'test', status: NodeStatus, seconds = 0): NodeResult {
  return { id: name, name, resourceType, status, seconds, rows: null, index: 0, startedAt: at, completedAt: at, relation: `analytics.${name}` };
}

describe('run result', () => {
  it("counts in dbt's sense", () => {
    const counts = countResults([
      result('m1', 'model', 'success'),
      result('m2', 'model', 'error'),
      result('m3', 'model', 'skipped'),
      result('t1', 'test', 'pass'),
      result('t2', 'test', 'warn'),
      result('t3', 'test', 'fail'),
      result('t4', 'test', 'error'),
      result('t5', 'test', 'skipped'),
    ]);

    expect(counts).toEqual({ pass: 2, warn: 1, error: 3, skip: 2, total: 8 });
  });

  it('names the slowest models that ran, slowest first', () => {
    const slowest = slowestModels(
      [
        result('fast', 'model', 'success', 0.1),
        result('slow', 'model', 'error', 3),
        result('skipped', 'model', 'skipped', 9),
        result('slow_test', 'test', 'pass', 8),
        result('medium', 'model', 'success', 1),
      ],
      2,
    );

    expect(slowest).toEqual([
      { id: 'slow', name: 'slow', relation: 'analytics.slow', seconds: 3 },
      { id: 'medium', name: 'medium', relation: 'analytics.medium', seconds: 1 },
    ]);
  });
});
