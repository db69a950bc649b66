import { activeStatementsExceeded, validationError } from '../protocol/data-api-error.ts';
import type { StatementRecord } from '../statements/statement-record.ts';
import type { StatementRunner } from './statement-runner.ts';

interface Job {
  readonly record: StatementRecord;
  readonly controller: AbortController;
  done?: Promise<void>;
}

/**
 * Statements run one at a time, in submission order, on the endpoint's single Postgres session.
 * Submitted statements wait as SUBMITTED; the next one becomes PICKED and then runs. At most
 * `maxActive` statements may be waiting or running, beyond which the Data API answers
 * ActiveStatementsExceededException.
 */
export class StatementQueue {
  private readonly waiting: Job[] = [];
  private running?: Job;

  constructor(
    private readonly runner: StatementRunner,
    private readonly maxActive: number,
  ) {}

  get activeCount(): number {
    return this.waiting.length + (this.running === undefined ? 0 : 1);
  }

  /** Throws ActiveStatementsExceededException when the queue is full. */
  checkCapacity(): void {
    if (this.activeCount >= this.maxActive) throw activeStatementsExceeded(this.maxActive);
  }

  submit(record: StatementRecord): void {
    this.checkCapacity();
    this.waiting.push({ record, controller: new AbortController() });
    this.startNext();
  }

  /**
   * Cancels a waiting or running statement and resolves once it is ABORTED. A running statement
   * stops at its next checkpoint (its STARTED delay, between statements, between COPY chunks,
   * before commit); a Postgres statement already executing finishes first, then rolls back.
   */
  async cancel(record: StatementRecord): Promise<void> {
    if (!record.isActive) {
      throw validationError(`Could not cancel a query that is already in ${record.status} state.`);
    }
    const index = this.waiting.findIndex((job) => job.record === record);
    if (index !== -1) {
      this.waiting.splice(index, 1);
      record.settle('ABORTED');
      return;
    }
    if (this.running?.record === record) {
      this.running.controller.abort();
      await this.running.done;
    }
  }

  /** Aborts everything and waits for the running statement to stop (endpoint shutdown). */
  async close(): Promise<void> {
    for (const job of this.waiting.splice(0)) job.record.settle('ABORTED');
    const running = this.running;
    running?.controller.abort();
    await running?.done;
  }

  private startNext(): void {
    if (this.running !== undefined) return;
    const job = this.waiting.shift();
    if (job === undefined) return;
    this.running = job;
    job.record.setStatus('PICKED');
    job.done = this.execute(job);
  }

  private async execute(job: Job): Promise<void> {
    // Let the submitting request answer first: the statement is asynchronous, as on Redshift.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      await this.runner.run(job.record, job.controller.signal);
    } catch (error) {
      if (job.record.isActive) job.record.settle('FAILED', `ERROR: ${(error as Error).message}`);
    } finally {
      this.running = undefined;
      this.startNext();
    }
  }
}
