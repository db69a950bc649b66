import { describe, expect, it } from 'vitest';
import { formatBoolean, formatDate, formatHundredths, formatTimestamp } from '../../lib/generate/value-format.ts';

describe('value formats of the landing contract', () => {
  it('writes ISO 8601 UTC timestamps without fractions', () => {
    expect(formatTimestamp(Date.parse('2026-11-24T10:15:00Z') / 1000)).toBe('2026-11-24T10:15:00Z');
    expect(formatTimestamp(Date.parse('2024-02-29T23:59:59Z') / 1000)).toBe('2024-02-29T23:59:59Z');
    expect(formatTimestamp(0)).toBe('1970-01-01T00:00:00Z');
  });

  it('writes dates as YYYY-MM-DD', () => {
    expect(formatDate(Date.parse('2026-01-05T22:00:00Z') / 1000)).toBe('2026-01-05');
  });

  it('writes hundredths with a dot and two decimals, exactly', () => {
    expect(formatHundredths(123_456)).toBe('1234.56');
    expect(formatHundredths(5)).toBe('0.05');
    expect(formatHundredths(0)).toBe('0.00');
    expect(formatHundredths(-1050)).toBe('-10.50');
    expect(formatHundredths(2_000_000_000_000)).toBe('20000000000.00');
  });

  it('writes booleans as true/false', () => {
    expect(formatBoolean(true)).toBe('true');
    expect(formatBoolean(false)).toBe('false');
  });
});
