/**
 * The incremental-chain scenario: a generated landing replayed one ingest day at a time, with the
 * days on which the things that break naive incremental builds happen. Day numbers are ingest-day
 * indexes from 0 (the initial extract); the chain needs at least ten days.
 */
import type { RawTableName } from './raw-tables.ts';

export const MIN_CHAIN_DAYS = 10;

export const CHAIN_SCENARIO = {
  /** The orders extract fails on day 2; its rows arrive with day 3's extract (a catch-up file). */
  missingFile: { day: 2, table: 'orders' as RawTableName },
  /**
   * Day 3's files land again on day 5, after day 4, corrected: in each changeable table one version
   * is gone and one is changed. A re-landed day makes the models reading it rebuild whole, so the
   * events that increments must handle come after it.
   */
  relanding: { day: 5, ingestDay: 3 },
  /** One account, one contact and one deal are deleted on day 6 (an is_deleted version). */
  deletions: { day: 6, tables: ['accounts', 'contacts', 'deals'] as readonly RawTableName[] },
  /** Another contact and deal are deleted on day 6 and extracted live again on day 7. */
  restorations: { deletedDay: 6, restoredDay: 7, tables: ['contacts', 'deals'] as readonly RawTableName[] },
  /**
   * On day 8, records last changed on day 1 (or earlier) get a late version: a change made back
   * then, extracted only now; and a deal's stage change of day 1 lands only now, without the deal.
   */
  lateReextracts: { day: 8, lastChangedDay: 1, perTable: 2 },
  /** On day 9, a record's older version is extracted again, unchanged: the newer one landed before still wins. */
  staleReextracts: { day: 9, perTable: 1 },
} as const;

export type ChainEvent =
  | { readonly kind: 'missing-file'; readonly table: RawTableName; readonly ingestDate: string; readonly rowsArriveOn: string }
  | { readonly kind: 'deletion'; readonly table: RawTableName; readonly id: string; readonly updatedAt: string }
  | { readonly kind: 'restoration'; readonly table: RawTableName; readonly id: string; readonly deletedAt: string; readonly restoredAt: string }
  | {
      readonly kind: 'late-reextract';
      readonly table: RawTableName;
      readonly id: string;
      readonly lastChangedOn: string;
      readonly updatedAt: string;
    }
  | {
      /** An older version extracted again, unchanged, after a newer one landed. */
      readonly kind: 'stale-reextract';
      readonly table: RawTableName;
      readonly id: string;
      readonly extractedOn: string;
      readonly updatedAt: string;
      readonly latestUpdatedAt: string;
    }
  | {
      /** An immutable event extracted late: moved from the day it happened to a later day's file. */
      readonly kind: 'late-event';
      readonly table: RawTableName;
      readonly id: string;
      /** The record it belongs to (a stage change's deal). */
      readonly of: string;
      readonly happenedOn: string;
      readonly at: string;
    }
  | {
      readonly kind: 're-landed-day';
      readonly table: RawTableName;
      readonly ingestDate: string;
      readonly droppedId: string;
      readonly changedId: string;
    };

export interface ChainFile {
  readonly table: RawTableName;
  readonly ingestDate: string;
  /** Landing-relative path, `raw/<table>/ingest_date=<date>/part-0000.csv`. */
  readonly path: string;
  readonly rows: number;
  /** A past day's file written again (it replaces what that day held). */
  readonly reLanded: boolean;
}

export interface ChainDay {
  /** 1-based position in the chain. */
  readonly day: number;
  /** The folder under the chain directory that holds this day's files, in the landing layout. */
  readonly folder: string;
  /** The run date a daily build of this day uses: the day's ingest date. */
  readonly runDate: string;
  readonly files: readonly ChainFile[];
  readonly events: readonly ChainEvent[];
}

export interface ChainManifest {
  readonly scenario: 'incremental-chain';
  readonly scale: number;
  readonly seed: number;
  readonly dirtyShare: number;
  readonly days: readonly ChainDay[];
}

export const CHAIN_MANIFEST_FILE = 'chain.json';

export function chainDayFolder(day: number): string {
  return `day-${String(day).padStart(2, '0')}`;
}
