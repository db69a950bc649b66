import { describe, expect, it } from 'vitest';
import { compareUnitTestRows, valuesMatch } from '../../lib/runner/unit-test-comparison.ts';
import { diffMessage, diffSample } from '../../lib/runner/unit-test-diff-report.ts';

describe('valuesMatch', () => {
  it('compares numbers within a millionth, relative to the expected value', () => {
    expect(valuesMatch(0.1 + 0.2, 0.3)).toBe(true);
    expect(valuesMatch(12.97, 12.96)).toBe(false);
    expect(valuesMatch(1_000_000.0004, 1_000_000)).toBe(false);
    expect(valuesMatch(24_000.01, 24_000)).toBe(false);
    expect(valuesMatch(9_999_999_999.99, 9_999_999_999.98)).toBe(false);
    expect(valuesMatch(20_261_239, 20_261_227)).toBe(false);
    expect(valuesMatch(24_000.01 * 3 / 3, 24_000.01)).toBe(true);
    expect(valuesMatch(5, '5.00')).toBe(true);
    expect(valuesMatch(5, 'five')).toBe(false);
  });

  it('compares dates and timestamps as normalised text, a midnight timestamp equal to its date', () => {
    expect(valuesMatch('2026-01-05T10:00:00.000Z', '2026-01-05 10:00:00')).toBe(true);
    expect(valuesMatch('2026-01-05T10:00:00.000Z', '2026-01-05 10:00')).toBe(true);
    expect(valuesMatch('2026-01-05T10:00:00.500Z', '2026-01-05 10:00:00.5')).toBe(true);
    expect(valuesMatch('2026-01-05T00:00:00.000Z', '2026-01-05')).toBe(true);
    expect(valuesMatch('2026-01-05', '2026-01-05')).toBe(true);
    expect(valuesMatch('2026-01-05T10:00:00.000Z', '2026-01-05 10:00:01')).toBe(false);
    expect(valuesMatch('2026-01-05', '2026-01-06')).toBe(false);
  });

  it('compares text exactly, an expected number with returned text by its digits, and null only with null', () => {
    expect(valuesMatch('Acme', 'Acme')).toBe(true);
    expect(valuesMatch('Acme', 'acme')).toBe(false);
    expect(valuesMatch('1', 1)).toBe(true);
    expect(valuesMatch('007', 7)).toBe(false);
    expect(valuesMatch(null, null)).toBe(true);
    expect(valuesMatch(null, 0)).toBe(false);
    expect(valuesMatch('', null)).toBe(false);
    expect(valuesMatch(true, true)).toBe(true);
    expect(valuesMatch(false, true)).toBe(false);
  });
});

describe('compareUnitTestRows', () => {
  const expected = {
    columns: ['id', 'amount'],
    rows: [
      { id: 'a', amount: 1 },
      { id: 'b', amount: 2 },
      { id: 'b', amount: 2 },
    ],
  };

  it('matches rows in any order on the expected columns only, each returned row used once', () => {
    const returned = [
      { id: 'b', amount: 2, extra: 'x' },
      { id: 'a', amount: 1, extra: 'y' },
      { id: 'b', amount: 2, extra: 'z' },
    ];
    expect(compareUnitTestRows(returned, expected)).toEqual({ missingColumns: [], missing: [], unexpected: [] });
  });

  it('reports expected rows not returned and returned rows not expected', () => {
    const returned = [
      { id: 'a', amount: 1 },
      { id: 'b', amount: 2 },
      { id: 'c', amount: 3 },
    ];
    expect(compareUnitTestRows(returned, expected)).toEqual({
      missingColumns: [],
      missing: [{ id: 'b', amount: 2 }],
      unexpected: [{ id: 'c', amount: 3 }],
    });
  });

  it('reports expected columns the model does not return', () => {
    expect(compareUnitTestRows([{ id: 'a', total: 1 }], expected)).toEqual({ missingColumns: ['amount'], missing: [], unexpected: [] });
  });

  it('counts every expected row as missing when nothing is returned', () => {
    expect(compareUnitTestRows([], expected).missing).toHaveLength(3);
    expect(compareUnitTestRows([], { columns: [], rows: [] })).toEqual({ missingColumns: [], missing: [], unexpected: [] });
  });
});

describe('the diff report', () => {
  it('shows missing rows with - and unexpected rows with +, aligned, and samples them with a diff column', () => {
    const diff = { missingColumns: [], missing: [{ id: 'b', amount: 2 }], unexpected: [{ id: 'long id', amount: null }] };
    expect(diffMessage(diff, ['id', 'amount'], ['id', 'amount'])).toBe(
      ['1 expected row not returned (-), 1 row returned but not expected (+):', '  | id      | amount', '- | b       | 2', '+ | long id | null'].join('\n'),
    );
    expect(diffSample(diff)).toEqual([
      { diff: '-', id: 'b', amount: 2 },
      { diff: '+', id: 'long id', amount: null },
    ]);
  });

  it('names the missing columns and what the model returns instead', () => {
    expect(diffMessage({ missingColumns: ['amount'], missing: [], unexpected: [] }, ['id', 'amount'], ['id', 'total'])).toBe(
      "the model returns no column 'amount' (it returns id, total)",
    );
  });
});
