import { describe, expect, it } from 'vitest';
import { DirtInjector } from '../../lib/generate/dirt-injector.ts';

describe('DirtInjector', () => {
  it('dirties about the share of eligible rows and counts exactly what it dirtied', () => {
    const dirt = new DirtInjector(0.02, 1);
    const tap = dirt.tap('order_negative_quantity');
    let dirtied = 0;
    for (let row = 0; row < 50_000; row += 1) if (tap.take()) dirtied += 1;
    expect(dirtied).toBe(tap.count);
    expect(dirt.counts().order_negative_quantity).toBe(dirtied);
    expect(dirtied / 50_000).toBeGreaterThan(0.018);
    expect(dirtied / 50_000).toBeLessThan(0.022);
  });

  it('keeps unparseable rows at a hundredth of the share', () => {
    const tap = new DirtInjector(0.01, 2).tap('unparseable_amount');
    for (let row = 0; row < 200_000; row += 1) tap.take();
    expect(tap.count).toBeGreaterThanOrEqual(15);
    expect(tap.count).toBeLessThanOrEqual(25);
  });

  it('shows every kind within its first twenty eligible rows', () => {
    for (let seed = 0; seed < 50; seed += 1) {
      const tap = new DirtInjector(0.0001, seed).tap('unparseable_timestamp');
      let firstRow = -1;
      for (let row = 0; row < 20 && firstRow < 0; row += 1) if (tap.take()) firstRow = row;
      expect(firstRow).toBeGreaterThanOrEqual(0);
    }
  });

  it('never dirties anything with a zero share', () => {
    const dirt = new DirtInjector(0, 3);
    const tap = dirt.tap('deal_orphan_account');
    for (let row = 0; row < 1000; row += 1) expect(tap.take()).toBe(false);
    expect(Object.values(dirt.counts()).every((count) => count === 0)).toBe(true);
    expect(dirt.enabled).toBe(false);
  });

  it('makes the same decisions for the same seed', () => {
    const decisions = (seed: number) => {
      const tap = new DirtInjector(0.05, seed).tap('deal_stage_invalid');
      return Array.from({ length: 500 }, () => tap.take());
    };
    expect(decisions(8)).toEqual(decisions(8));
    expect(decisions(8)).not.toEqual(decisions(9));
  });
});
