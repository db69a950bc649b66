/**
 * How the generated CRM is written as a CRM system exports it (`generate --format salesforce|hubspot`),
 * and which of its facts that system can carry.
 *
 * A generic row (one record of a generic landing file, by contract column, as CSV text) becomes zero
 * or more records of the system's objects. `carried` is the same row as the system's export brings it
 * back through the system's staging models: the fields the system has no place for are emptied and the
 * values it keeps coarser (a date for a time) coarsened. Building the generic landing of carried rows
 * gives the same warehouse, row for row, as building the system's files: that is what the round-trip
 * test holds, and `carried` is the exact list of what a system cannot carry.
 */
import type { CrmSystem } from '../project/crm-system.ts';

export type GenericRow = Readonly<Record<string, string>>;

export interface SystemObject {
  /** The source table (`salesforce_account`), the landing folder under raw/. */
  readonly table: string;
  /** The export file's name stem (`Account`). */
  readonly fileStem: string;
  readonly header: readonly string[];
  /** The object's records for one generic row, each in header order. */
  readonly recordsOf: (row: GenericRow) => readonly (readonly string[])[];
}

export interface SystemFormat {
  readonly system: CrmSystem;
  /** The objects each generic table is written as. */
  readonly objects: Readonly<Record<string, readonly SystemObject[]>>;
  /** The row as it comes back from the system's staging models; undefined when the system cannot hold it. */
  readonly carried: (table: string, row: GenericRow, runDate: string) => GenericRow | undefined;
}

/** The date of an ISO timestamp (`2026-03-08T10:00:00Z` → `2026-03-08`); empty stays empty. */
export function dateOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

/** Midnight UTC of a date, as a timestamp; empty stays empty. */
export function midnightOf(date: string): string {
  return date === '' ? '' : `${dateOf(date)}T00:00:00Z`;
}

/** `closed_won` → `Closed_won`: the picklist spelling of a lower-case contract value. */
export function capitalized(value: string): string {
  return value === '' ? '' : `${value.charAt(0).toUpperCase()}${value.slice(1)}`;
}

/** An ISO timestamp `minutes` later; empty when either is empty. */
export function minutesAfter(timestamp: string, minutes: string): string {
  return timestamp === '' || minutes === '' ? '' : new Date(Date.parse(timestamp) + Number(minutes) * 60_000).toISOString();
}

/** Whether an ISO timestamp is at or before midnight UTC that starts the run date. */
export function endedBy(timestamp: string, runDate: string): boolean {
  return timestamp !== '' && new Date(timestamp).getTime() <= new Date(`${runDate}T00:00:00Z`).getTime();
}
