/**
 * The load's error budget (duckdb/reject-budget.ts) plus what is left of it, which each COPY
 * gets as its MAXERROR so that a hopeless file stops early instead of being read to the end.
 */
import { RejectBudget } from '../duckdb/reject-budget.ts';
import type { LoadBudgetExceededError } from '../duckdb/load-summary.ts';

export class CopyBudget {
  private readonly budget: RejectBudget;
  private spent = 0;

  constructor(readonly maxLoadErrors: number) {
    this.budget = new RejectBudget(maxLoadErrors);
  }

  get remaining(): number {
    return Math.max(this.maxLoadErrors - this.spent, 0);
  }

  /** Counts a day's rejects; the error to throw when they break the budget. */
  add(rejectsByFile: ReadonlyMap<string, number>): LoadBudgetExceededError | undefined {
    for (const count of rejectsByFile.values()) this.spent += count;
    return this.budget.add(rejectsByFile);
  }
}
