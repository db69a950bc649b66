/** The generator's public contract: what a caller passes in, hears about, and gets back. */
import type { DirtKind } from './dirt-kinds.ts';
import type { RawTableName } from './raw-tables.ts';

export interface GenerateOptions {
  /** Landing folder; files go to `<outDir>/raw/<table>/ingest_date=YYYY-MM-DD/part-0000.csv`. */
  readonly outDir: string;
  /** 1 ≈ one million raw rows over all tables and days; fractions allowed (0.01 for tests). */
  readonly scale: number;
  /** Number of consecutive ingest dates, ending at `endDate`; the first is the initial extract. */
  readonly days: number;
  /** Same seed and options, byte-identical files. */
  readonly seed: number;
  /** Last ingest date, `YYYY-MM-DD` (the CLI passes the project's run_date). */
  readonly endDate: string;
  /**
   * Share of eligible rows that get each kind of dirt; 0 writes clean data and no missing file.
   * @default 0.01
   */
  readonly dirtyShare?: number;
  readonly onProgress?: (event: GenerateProgressEvent) => void;
  /**
   * Generate half of the tables in a child process (a second core). The files are the same
   * either way.
   * @default true from scale 0.25 on
   */
  readonly parallel?: boolean;
}

export type GenerateProgressEvent =
  | { readonly kind: 'table-started'; readonly table: RawTableName }
  | { readonly kind: 'rows-written'; readonly table: RawTableName; readonly rows: number }
  | { readonly kind: 'table-finished'; readonly table: RawTableName; readonly files: number; readonly rows: number };

export interface TableSummary {
  readonly table: RawTableName;
  readonly files: number;
  /** Data rows over all days, headers excluded. */
  readonly rows: number;
}

export interface GenerateSummary {
  readonly outDir: string;
  readonly ingestDates: readonly string[];
  /** Every raw table of the contract, in generation order. */
  readonly tables: readonly TableSummary[];
  readonly totalRows: number;
  /** Every dirt kind with its count, zero included (`table_missing_for_day` counts files). */
  readonly dirt: readonly DirtCount[];
  /** Wall-clock duration; the only value that differs between identical runs (files do not). */
  readonly seconds: number;
}

export interface DirtCount {
  readonly kind: DirtKind;
  /** Dirty rows written (files for `table_missing_for_day`). */
  readonly count: number;
}

export const DEFAULT_DIRTY_SHARE = 0.01;
