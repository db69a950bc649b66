import { describe, expect, it } from 'vitest';
import { MAY_HOLD_OFFSET, utcTimestampText } from '../../lib/landing/utc-timestamps.ts';

describe('utcTimestampText', () => {
  it.each([
    ['2026-11-24T10:15:00+05:00', '2026-11-24 05:15:00'],
    ['2026-11-24T10:15:00-03:30', '2026-11-24 13:45:00'],
    ['2026-11-24 10:15:00+0200', '2026-11-24 08:15:00'],
    ['2026-11-24T10:15:00+02', '2026-11-24 08:15:00'],
    ['2026-11-24T10:15:00 +01:00', '2026-11-24 09:15:00'],
    ['2026-11-24T10:15+05:00', '2026-11-24 05:15'],
    ['2026-11-24T02:00:00.123456789+05:00', '2026-11-23 21:00:00.123456789'],
    ['2026-12-31T23:30:00-01:00', '2027-01-01 00:30:00'],
    ['2024-03-01T01:00:00+02:00', '2024-02-29 23:00:00'],
    ['0050-01-01T01:00:00+02:00', '0049-12-31 23:00:00'],
  ])('writes %s in UTC as %s, keeping the seconds as written', (text, utc) => {
    expect(utcTimestampText(text)).toBe(utc);
  });

  it.each(['2026-11-24T10:15:00Z', '2026-11-24 10:15:00', '2026-11-24 10:15:00 UTC', '2026-02-30T10:00:00+05:00', '2026-11-24T24:00:00+01:00', '2026-11-24T10:15:60+01:00', '2026-11-24T10:15:00+01:60', 'x2026-11-24T10:15:00+01:00', ''])(
    'leaves %j as written (no offset, or not a calendar time: the engine rejects it)',
    (text) => {
      expect(utcTimestampText(text)).toBeUndefined();
    },
  );

  it('leaves a fraction of more than nine digits as written, as the file test does not look for it', () => {
    expect(utcTimestampText('2026-11-24T10:15:00.1234567890+01:00')).toBeUndefined();
  });

  it('flags a file that may hold an offset, and not one that holds only UTC times', () => {
    expect(MAY_HOLD_OFFSET.test('id,at\n1,2026-11-24T10:15:00+05:00\n')).toBe(true);
    expect(MAY_HOLD_OFFSET.test('id,at\n1,2026-11-24T10:15:00Z\n2,2026-11-24 10:15:00\n')).toBe(false);
  });
});
