/** What a load is asked to do, on every engine. */
import type { PlanSource } from '../plan/plan.ts';
import type { LoadProgress } from './load-summary.ts';

export interface LoadRequest {
  readonly sources: readonly PlanSource[];
  readonly runId: string;
  /** Rejected rows tolerated over the whole load; one more fails it. */
  readonly maxLoadErrors: number;
  /** Load only these days. @default every day found */
  readonly ingestDates?: readonly string[];
  /** Reload days whose files are unchanged since their last load. @default false */
  readonly force?: boolean;
  readonly onProgress?: (event: LoadProgress) => void;
}

/** A load from a local landing folder (DuckDB, Postgres). */
export interface LoadOptions extends LoadRequest {
  /** The landing folder; files are under `<landingDir>/raw/<table>/ingest_date=YYYY-MM-DD/`. */
  readonly landingDir: string;
}
