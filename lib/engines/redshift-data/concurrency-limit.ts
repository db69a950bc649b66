/**
 * Keeps at most `size` engine calls in flight; later calls wait their turn in order. The runner
 * and the loader already stay within `engine.concurrency`, but a caller that does not is queued
 * rather than answered with ActiveStatementsExceededException.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next caller, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
