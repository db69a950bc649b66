import { describe, expect, it } from 'vitest';
import { cumulative, deriveSeed, hashUnit, RandomSource } from '../../lib/generate/random-source.ts';

describe('RandomSource', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const random = new RandomSource(seed);
      return Array.from({ length: 5 }, () => random.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('reseeding restarts the stream exactly', () => {
    const random = new RandomSource(7);
    const first = [random.next(), random.next()];
    random.reseed(7);
    expect([random.next(), random.next()]).toEqual(first);
  });

  it('keeps draws inside their ranges', () => {
    const random = new RandomSource(1);
    const units: number[] = [];
    const integers = new Set<number>();
    const amounts: number[] = [];
    for (let draw = 0; draw < 10_000; draw += 1) {
      units.push(random.next());
      integers.add(random.int(3, 5));
      amounts.push(random.logUniform(10, 1000));
    }
    expect(Math.min(...units)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...units)).toBeLessThan(1);
    expect([...integers].sort()).toEqual([3, 4, 5]);
    expect(Math.min(...amounts)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...amounts)).toBeLessThanOrEqual(1000);
  });

  it('follows the weights of weightedIndex', () => {
    const random = new RandomSource(9);
    const counts = [0, 0, 0];
    for (let draw = 0; draw < 30_000; draw += 1) counts[random.weightedIndex(cumulative([1, 2, 7]))]! += 1;
    expect(counts[0]! / 30_000).toBeCloseTo(0.1, 1);
    expect(counts[1]! / 30_000).toBeCloseTo(0.2, 1);
    expect(counts[2]! / 30_000).toBeCloseTo(0.7, 1);
  });
});

describe('deriveSeed', () => {
  it('gives independent seeds per key and per index, stably', () => {
    expect(deriveSeed(1, 'deals')).toBe(deriveSeed(1, 'deals'));
    expect(deriveSeed(1, 'deals')).not.toBe(deriveSeed(1, 'accounts'));
    expect(deriveSeed(1, 'deals')).not.toBe(deriveSeed(2, 'deals'));
    const seeds = new Set(Array.from({ length: 10_000 }, (_, index) => deriveSeed(5, index)));
    expect(seeds.size).toBe(10_000);
  });

  it('spreads hashUnit evenly over [0, 1)', () => {
    const buckets = new Array<number>(10).fill(0);
    for (let index = 0; index < 20_000; index += 1) buckets[Math.floor(hashUnit(3, index) * 10)]! += 1;
    for (const bucket of buckets) expect(Math.abs(bucket - 2000)).toBeLessThan(200);
  });
});
