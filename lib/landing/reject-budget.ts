/** The load's error budget: rejected rows counted over the whole load, per file for the report. */
import { LoadBudgetExceededError } from './load-summary.ts';

export class RejectBudget {
  private readonly byFile = new Map<string, number>();
  private total = 0;

  /** `counted`: rejects per file already counted in this load (a step resumed in a later invocation). */
  constructor(
    readonly maxLoadErrors: number,
    counted: Iterable<readonly [string, number]> = [],
  ) {
    if (!Number.isInteger(maxLoadErrors) || maxLoadErrors < 0) {
      throw new Error(`maxLoadErrors must be a whole number of rows, 0 or more, got ${maxLoadErrors}`);
    }
    this.add(new Map(counted));
  }

  /** Rejects per file counted so far, to resume the budget with. */
  counted(): [string, number][] {
    return [...this.byFile];
  }

  /** Counts a day's rejects; the error to throw when they break the budget, before the day is committed. */
  add(rejectsByFile: ReadonlyMap<string, number>): LoadBudgetExceededError | undefined {
    for (const [file, count] of rejectsByFile) {
      if (count === 0) continue;
      this.byFile.set(file, (this.byFile.get(file) ?? 0) + count);
      this.total += count;
    }
    if (this.total <= this.maxLoadErrors) return undefined;
    // On a tie the later file wins: it belongs to the day that crossed the budget.
    const [worstFile, worstCount] = [...this.byFile].reduce((worst, entry) => (entry[1] >= worst[1] ? entry : worst));
    return new LoadBudgetExceededError(worstFile, worstCount, this.total, this.maxLoadErrors);
  }
}
