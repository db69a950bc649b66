import { describe, expect, it } from 'vitest';
import { weekLabel } from '../../lib/dashboards/format/period-labels.ts';

describe('weekLabel', () => {
  it("marks the run date's week while it is not over", () => {
    expect(weekLabel('2026-11-23', '2026-11-24')).toBe('23 Nov*');
    expect(weekLabel('2026-11-16', '2026-11-24')).toBe('16 Nov');
  });

  it('leaves a week whose Sunday is the run date unmarked', () => {
    expect(weekLabel('2026-11-23', '2026-11-29')).toBe('23 Nov');
  });
});
