import { describe, expect, it } from 'vitest';
import { HISTORY_DAYS, IngestCalendar } from '../../lib/generate/ingest-calendar.ts';

describe('IngestCalendar', () => {
  const calendar = new IngestCalendar('2026-11-24', 3);
  const at = (iso: string) => Date.parse(iso) / 1000;

  it('lists the consecutive ingest dates ending at the end date', () => {
    expect(calendar.ingestDates).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    expect(new IngestCalendar('2026-03-01', 2).ingestDates).toEqual(['2026-02-28', '2026-03-01']);
  });

  it('puts history and the first day into the initial extract, later changes into their day', () => {
    expect(calendar.dayIndexOf(at('2025-06-01T12:00:00Z'))).toBe(0);
    expect(calendar.dayIndexOf(at('2026-11-22T23:59:59Z'))).toBe(0);
    expect(calendar.dayIndexOf(at('2026-11-23T00:00:00Z'))).toBe(1);
    expect(calendar.dayIndexOf(at('2026-11-24T18:30:00Z'))).toBe(2);
  });

  it('ends the timeline with the last second of the end date and starts it two years earlier', () => {
    expect(calendar.timelineEnd).toBe(at('2026-11-24T23:59:59Z'));
    expect(calendar.dayEnd(1)).toBe(at('2026-11-23T23:59:59Z'));
    expect(calendar.timelineStart).toBe(at('2026-11-22T00:00:00Z') - HISTORY_DAYS * 86_400);
  });
});
