import { describe, expect, it } from 'vitest';
import { mutantsOf } from '../../lib/mutation/mutant-generation.ts';
import { sampleMutants } from '../../lib/mutation/sampling.ts';

const SQL = `select sum(a), max(b) from t left join u on t.k = u.k where c >= 10 and d is null order by e desc`;
const MUTANTS = mutantsOf({ name: 'm', layer: 'facts', path: 'sql/facts/m.sql', rawSql: SQL });

describe('sampling', () => {
  it('gives the same sample for the same seed, in file order', () => {
    const first = sampleMutants(MUTANTS, 5, 42);
    expect(sampleMutants(MUTANTS, 5, 42)).toEqual(first);
    expect(first).toHaveLength(5);
    expect(first.map((mutant) => MUTANTS.indexOf(mutant))).toEqual(first.map((mutant) => MUTANTS.indexOf(mutant)).sort((a, b) => a - b));
    expect(new Set(first).size).toBe(5);
  });

  it('gives a different sample for another seed', () => {
    expect(MUTANTS.length).toBeGreaterThan(10);
    expect(sampleMutants(MUTANTS, 5, 1).map((mutant) => mutant.id)).not.toEqual(sampleMutants(MUTANTS, 5, 2).map((mutant) => mutant.id));
  });

  it('picks from the whole list, not just its start', () => {
    const picked = new Set([1, 2, 3, 4, 5, 6, 7, 8].flatMap((seed) => sampleMutants(MUTANTS, 3, seed).map((mutant) => MUTANTS.indexOf(mutant))));
    expect(Math.max(...picked)).toBeGreaterThan(MUTANTS.length / 2);
  });

  it('keeps every mutant when the sample is as large as the list', () => {
    expect(sampleMutants(MUTANTS, MUTANTS.length + 3, 7)).toEqual(MUTANTS);
  });

  it('rejects a sample size that is not a whole number', () => {
    expect(() => sampleMutants(MUTANTS, 2.5, 1)).toThrow('--sample must be a whole number of mutants, got 2.5');
    expect(() => sampleMutants(MUTANTS, -1, 1)).toThrow('--sample must be a whole number of mutants, got -1');
  });
});
