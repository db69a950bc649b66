/**
 * Runs units of work one at a time, in the order they were asked for. PGlite is one Postgres
 * backend with one session: a statement sent while another caller is between BEGIN and COMMIT
 * would silently join that caller's transaction, so every call (and every multi-statement unit
 * such as a transaction or a day's load) holds the session alone until it settles.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private closedReason?: string;

  /** Work asked for after close, or still waiting when close was called, rejects with `reason`. */
  close(reason: string): void {
    this.closedReason = reason;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closedReason !== undefined) return Promise.reject(new Error(this.closedReason));
    const result = this.tail.then(() => {
      if (this.closedReason !== undefined) throw new Error(this.closedReason);
      return work();
    });
    // The next unit waits for this one to settle, whether it succeeded or not.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Settles once everything queued so far has settled. */
  drained(): Promise<void> {
    return this.tail;
  }
}
