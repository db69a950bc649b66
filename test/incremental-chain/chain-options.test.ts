// The chain's options: CHAIN_SCALE, the on-demand full-size chain, read from the environment and refused
// when it is no scale; the injected failing test refused for a model the plan lacks.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../lib/plan/plan.ts';
import { chainOptionsFromEnvironment, chainTimeoutMs, DEFAULT_CHAIN, injectFailingTest } from './chain-harness.ts';

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

describe('the failing test a chain injects', () => {
  it('is an error test on a model the plan has, and refused for any other', () => {
    const plan = { project: 'crm', models: [{ id: 'model.crm.fact_orders', name: 'fact_orders' }], tests: [] } as unknown as Plan;
    const injected = injectFailingTest(plan, 'fact_orders');
    expect(injected.plan.tests).toEqual([expect.objectContaining({ id: injected.testId, severity: 'error', attachedTo: 'model.crm.fact_orders' })]);
    expect(() => injectFailingTest(plan, 'fact_sales')).toThrow('the plan has no model fact_sales to make fail');
  });
});
