/**
 * Test hook: the next `count` requests are answered with ThrottlingException before they reach
 * an operation, so a client's retry and backoff can be exercised.
 */
export class ThrottleInjector {
  private remaining = 0;

  throttleNext(count: number): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`throttle count must be a whole number, got ${count}`);
    this.remaining = count;
  }

  /** True (and one fewer remaining) when this request is to be throttled. */
  takeOne(): boolean {
    if (this.remaining === 0) return false;
    this.remaining -= 1;
    return true;
  }
}
