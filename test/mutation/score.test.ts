import { describe, expect, it } from 'vitest';
import { scoreBy, scoreOf } from '../../lib/mutation/score.ts';

describe('the mutation score', () => {
  it('is killed / (total - invalid - equivalent), runner errors left out too', () => {
    expect(scoreOf(['killed', 'killed', 'killed', 'survived', 'invalid', 'equivalent', 'error'])).toEqual({
      total: 7,
      killed: 3,
      survived: 1,
      equivalent: 1,
      invalid: 1,
      error: 1,
      score: 0.75,
    });
  });

  it('is null when nothing counts', () => {
    expect(scoreOf([]).score).toBeNull();
    expect(scoreOf(['invalid', 'equivalent']).score).toBeNull();
  });

  it('is computed per group', () => {
    const lines = scoreBy([
      { key: 'staging', verdict: 'killed' },
      { key: 'facts', verdict: 'survived' },
      { key: 'staging', verdict: 'survived' },
      { key: 'facts', verdict: 'survived' },
    ]);
    expect(Object.keys(lines)).toEqual(['staging', 'facts']);
    expect(lines.staging?.score).toBe(0.5);
    expect(lines.facts?.score).toBe(0);
  });
});
