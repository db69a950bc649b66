import { describe, expect, it } from 'vitest';
import { RunInputError } from '../../lib/pipeline/pipeline-errors.ts';
import { dateIn, runSettings } from '../../lib/pipeline/run-input.ts';

const started = '2026-11-24T23:30:00.000Z';

describe('run settings from the execution input', () => {
  it('takes an explicit run date, full refresh and selectors', () => {
    expect(runSettings({ run_date: '2026-11-20', full_refresh: true, select: ['tag:fact', '+dim_accounts  fact_deals'] }, started, 'UTC')).toEqual({
      runDate: '2026-11-20',
      fullRefresh: true,
      select: ['tag:fact', '+dim_accounts', 'fact_deals'],
    });
  });

  it("defaults the run date to the scheduled time's date in the schedule's time zone", () => {
    // 23:30 UTC on the 24th is already the 25th in Berlin.
    expect(runSettings({ scheduled_time: '2026-11-24T23:30:00Z' }, started, 'Europe/Berlin').runDate).toBe('2026-11-25');
    expect(runSettings({ scheduled_time: '2026-11-24T23:30:00Z' }, started, 'UTC').runDate).toBe('2026-11-24');
  });

  it('defaults to the execution start date for a manual run without one', () => {
    expect(runSettings({}, started, 'America/New_York')).toEqual({ runDate: '2026-11-24', fullRefresh: false, select: [] });
    expect(runSettings({ select: 'fact_deals' }, started, 'UTC').select).toEqual(['fact_deals']);
  });

  it('reports every problem of a malformed input at once', () => {
    let error: unknown;
    try {
      runSettings({ run_date: '2026-02-30', full_refresh: 'yes', select: [1], colour: 'red' }, started, 'UTC');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RunInputError);
    expect((error as RunInputError).name).toBe('InvalidRunInput');
    expect((error as RunInputError).problems).toEqual([
      "unknown input key 'colour' (known: run_date, full_refresh, select, scheduled_time)",
      'run_date must be a YYYY-MM-DD calendar date, got "2026-02-30"',
      'full_refresh must be true or false, got "yes"',
      'select must be a string or a list of strings, got [1]',
    ]);
  });

  it('refuses a non-object input, an unreadable scheduled time and start time', () => {
    expect(() => runSettings('2026-11-24', started, 'UTC')).toThrow(/must be a JSON object/);
    expect(() => runSettings({ scheduled_time: 'tomorrow' }, started, 'UTC')).toThrow(/scheduled_time must be an ISO 8601 time/);
    expect(() => runSettings({}, 'never', 'UTC')).toThrow(/start time "never" is not a time/);
  });

  it('formats dates in a zone', () => {
    expect(dateIn(new Date('2026-01-01T04:00:00Z'), 'Pacific/Honolulu')).toBe('2025-12-31');
  });
});
