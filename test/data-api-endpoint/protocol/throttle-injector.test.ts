import { describe, expect, it } from 'vitest';
import { ThrottleInjector } from '../../../lib/data-api-endpoint/protocol/throttle-injector.ts';

describe('ThrottleInjector', () => {
  it('throttles exactly the requested number of calls', () => {
    const throttle = new ThrottleInjector();
    throttle.throttleNext(2);
    expect([throttle.takeOne(), throttle.takeOne(), throttle.takeOne()]).toEqual([true, true, false]);
  });

  it('refuses a count that is not a whole number', () => {
    expect(() => new ThrottleInjector().throttleNext(-1)).toThrow('throttle count must be a whole number, got -1');
  });
});
