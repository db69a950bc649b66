/**
 * dbt's freshness verdict at each boundary: a table exactly warn_after (or error_after) old is still
 * within it; one unit more is past it. Ages are measured at the end of the run date.
 */
import { describe, expect, it } from 'vitest';
import { freshnessInstant } from '../../lib/freshness/freshness-instant.ts';
import { parseLoadedAt } from '../../lib/freshness/freshness-query.ts';
import { describeThreshold, freshnessVerdict, thresholdSeconds } from '../../lib/freshness/freshness-status.ts';
import type { SourceFreshness } from '../../lib/plan/plan.ts';

const END_OF_DAY = new Date('2026-03-11T00:00:00Z');
const DAYS: SourceFreshness = { loadedAtField: '_ingest_date', warnAfter: { count: 1, period: 'day' }, errorAfter: { count: 2, period: 'day' } };
const HOURS: SourceFreshness = { loadedAtField: 'updated_at', warnAfter: { count: 12, period: 'hour' }, errorAfter: { count: 90, period: 'minute' } };

const at = (iso: string): Date => new Date(iso);

describe('freshness verdict', () => {
  it('passes exactly at warn_after and warns one unit past it (days)', () => {
    expect(freshnessVerdict(DAYS, at('2026-03-10T00:00:00Z'), END_OF_DAY)).toEqual({ status: 'pass', ageSeconds: 86_400 });
    expect(freshnessVerdict(DAYS, at('2026-03-09T23:59:59Z'), END_OF_DAY)).toMatchObject({ status: 'warn', ageSeconds: 86_401 });
  });

  it('warns exactly at error_after and errors one unit past it (days)', () => {
    expect(freshnessVerdict(DAYS, at('2026-03-09T00:00:00Z'), END_OF_DAY)).toEqual({
      status: 'warn',
      ageSeconds: 172_800,
      message: 'newest _ingest_date 2026-03-09T00:00:00.000Z is 48 h old, more than warn_after 1 day',
    });
    expect(freshnessVerdict(DAYS, at('2026-03-08T23:59:59Z'), END_OF_DAY)).toMatchObject({
      status: 'error',
      message: 'newest _ingest_date 2026-03-08T23:59:59.000Z is 172801 s old, more than error_after 2 days',
    });
  });

  it('takes each period at its length and checks error_after first, whatever the order of the thresholds', () => {
    // error_after 90 minutes is shorter than warn_after 12 hours: past 90 minutes is an error already.
    expect(freshnessVerdict(HOURS, at('2026-03-10T22:30:00Z'), END_OF_DAY).status).toBe('pass');
    expect(freshnessVerdict(HOURS, at('2026-03-10T22:29:00Z'), END_OF_DAY).status).toBe('error');
    expect([thresholdSeconds({ count: 2, period: 'minute' }), thresholdSeconds({ count: 2, period: 'hour' }), thresholdSeconds({ count: 2, period: 'day' })]).toEqual([120, 7200, 172_800]);
    expect([describeThreshold({ count: 1, period: 'hour' }), describeThreshold({ count: 3, period: 'day' }), describeThreshold(undefined)]).toEqual(['1 hour', '3 days', undefined]);
  });

  it('uses only the thresholds given', () => {
    const warnOnly: SourceFreshness = { loadedAtField: 'x', warnAfter: { count: 1, period: 'hour' } };
    expect(freshnessVerdict(warnOnly, at('2020-01-01T00:00:00Z'), END_OF_DAY).status).toBe('warn');
    const errorOnly: SourceFreshness = { loadedAtField: 'x', errorAfter: { count: 1, period: 'hour' } };
    expect(freshnessVerdict(errorOnly, at('2026-03-10T23:00:00Z'), END_OF_DAY).status).toBe('pass');
    expect(freshnessVerdict(errorOnly, at('2026-03-10T22:59:59Z'), END_OF_DAY).status).toBe('error');
  });

  it('is an error without data, as dbt', () => {
    expect(freshnessVerdict(DAYS, null, END_OF_DAY)).toEqual({ status: 'error', ageSeconds: null, message: 'no data: _ingest_date has no value' });
  });
});

describe('the instant ages are measured at', () => {
  it('is the end of the run date (the next midnight, UTC), not the clock', () => {
    expect(freshnessInstant('2026-03-10').toISOString()).toBe('2026-03-11T00:00:00.000Z');
    expect(freshnessInstant('2026-12-31').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('refuses a run date that is not a calendar date', () => {
    expect(() => freshnessInstant('2026-02-30')).toThrow("source freshness needs var run_date as a calendar date YYYY-MM-DD, got '2026-02-30'");
    expect(() => freshnessInstant('yesterday')).toThrow("got 'yesterday'");
  });
});

describe('loaded_at values as engines return them', () => {
  it('reads ISO text with or without a zone as UTC, and null as no data', () => {
    expect(parseLoadedAt('2026-03-09T00:00:00.000Z')?.toISOString()).toBe('2026-03-09T00:00:00.000Z');
    expect(parseLoadedAt('2026-03-09 10:30:00')?.toISOString()).toBe('2026-03-09T10:30:00.000Z');
    expect(parseLoadedAt('2026-03-09')?.toISOString()).toBe('2026-03-09T00:00:00.000Z');
    expect(parseLoadedAt('2026-03-09T10:30:00+02:00')?.toISOString()).toBe('2026-03-09T08:30:00.000Z');
    expect(parseLoadedAt(null)).toBeNull();
    expect(() => parseLoadedAt('soon')).toThrow("unreadable max_loaded_at 'soon'");
  });
});
