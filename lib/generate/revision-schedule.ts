/**
 * Later versions of a long-lived record (account, contact, user, product, deal): on each change
 * day after the one it was first extracted on, a record may be edited, re-extracted unchanged
 * with a newer `updated_at` (a field outside the export changed), or deleted, after which it
 * never comes back. Rates are per record and change day.
 */
import type { IngestCalendar } from './ingest-calendar.ts';
import { SECONDS_PER_DAY } from './ingest-calendar.ts';
import type { RandomSource } from './random-source.ts';

export type RevisionKind = 'update' | 'touch' | 'delete';

export interface RevisionRates {
  readonly update: number;
  readonly touch: number;
  readonly delete: number;
}

export function forEachRevision(
  random: RandomSource,
  calendar: IngestCalendar,
  firstDayIndex: number,
  rates: RevisionRates,
  visit: (dayIndex: number, at: number, kind: RevisionKind) => void,
): void {
  for (let day = firstDayIndex + 1; day < calendar.days; day += 1) {
    const draw = random.next();
    let kind: RevisionKind | undefined;
    if (draw < rates.delete) kind = 'delete';
    else if (draw < rates.delete + rates.update) kind = 'update';
    else if (draw < rates.delete + rates.update + rates.touch) kind = 'touch';
    if (kind === undefined) continue;
    visit(day, calendar.dayStart(day) + Math.floor(random.next() * SECONDS_PER_DAY), kind);
    if (kind === 'delete') return;
  }
}
