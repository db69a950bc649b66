/** What a load did, for the CLI's progress lines and run summary. */

export interface DayLoad {
  readonly ingestDate: string;
  /** Landing-relative paths of the day's files. */
  readonly files: readonly string[];
  readonly rowsLoaded: number;
  /** Rows quarantined in audit.load_errors; a file rejected for a missing column counts as one. */
  readonly rowsRejected: number;
  /** The day's files were unchanged since their last successful load, so it was not re-read. */
  readonly skipped: boolean;
}

export interface TableLoad {
  readonly table: string;
  /** `raw.<table>` did not exist before this load. */
  readonly created: boolean;
  readonly days: readonly DayLoad[];
  /** The table's changed days load together (days-loader.ts), so time is per table. */
  readonly seconds: number;
}

export interface LoadTotals {
  readonly files: number;
  readonly daysLoaded: number;
  readonly daysSkipped: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
}

export interface LoadSummary {
  readonly runId: string;
  readonly tables: readonly TableLoad[];
  readonly totals: LoadTotals;
  readonly seconds: number;
}

/** One event per landing file, once its day is committed (or skipped). */
export interface LoadProgress {
  readonly table: string;
  readonly ingestDate: string;
  readonly file: string;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  readonly skipped: boolean;
  /** Files handled so far in this load, this one included, and files found in all. */
  readonly filesDone: number;
  readonly filesTotal: number;
}

export class LoadBudgetExceededError extends Error {
  constructor(
    readonly worstFile: string,
    readonly worstFileRejects: number,
    readonly totalRejects: number,
    readonly maxLoadErrors: number,
  ) {
    super(
      `${worstFile}: ${worstFileRejects} rejected row${worstFileRejects === 1 ? '' : 's'} in this file; ` +
        `${totalRejects} in this load exceed the error budget of ${maxLoadErrors} ` +
        `(the day that crossed it was not loaded; see audit.load_errors)`,
    );
    this.name = 'LoadBudgetExceededError';
  }
}
