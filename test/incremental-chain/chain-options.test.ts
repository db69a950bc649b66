// CHAIN_SCALE, the on-demand full-size chain: read from the environment, refused when it is no scale.
import { describe, expect, it } from 'vitest';
import { chainOptionsFromEnvironment, chainTimeoutMs, DEFAULT_CHAIN } from './chain-harness.ts';

describe('the chain options from the environment', () => {
  it('are the small default without CHAIN_SCALE, and take its scale with it', () => {
    expect(chainOptionsFromEnvironment({})).toEqual(DEFAULT_CHAIN);
    expect(chainOptionsFromEnvironment({ CHAIN_SCALE: '' })).toEqual(DEFAULT_CHAIN);
    expect(chainOptionsFromEnvironment({ CHAIN_SCALE: '1' })).toEqual({ ...DEFAULT_CHAIN, scale: 1 });
  });

  it.each(['0', '-1', 'big', 'Infinity'])('refuses CHAIN_SCALE=%s', (value) => {
    expect(() => chainOptionsFromEnvironment({ CHAIN_SCALE: value })).toThrow(`CHAIN_SCALE must be a number above 0 (the generator's scale), got '${value}'`);
  });

  it('gives a larger chain more time', () => {
    expect(chainTimeoutMs({ ...DEFAULT_CHAIN, scale: 1 }, 300_000)).toBe(2_100_000);
    expect(chainTimeoutMs(DEFAULT_CHAIN, 300_000)).toBe(318_000);
  });
});
