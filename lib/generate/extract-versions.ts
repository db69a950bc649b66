/**
 * Which versions of a record the daily change extracts carry. A record changes at a few moments
 * (created, responded, shipped, ...); each ingest day's extract holds the record as it was after
 * that day's last change, and days without a change hold nothing. Changes after the landing's
 * last second have not happened yet.
 */
import type { IngestCalendar } from './ingest-calendar.ts';

/**
 * The changes whose state gets extracted, as a bit set: bit i is set when change i is the last
 * one of its day. A bit set rather than a callback because this runs for every record of the
 * largest tables and a callback would allocate a closure each time.
 *
 * @param times change moments in ascending order; only the first `count` (at most 31) are read.
 */
export function extractedVersions(calendar: IngestCalendar, times: readonly number[], count: number): number {
  let happened = 0;
  while (happened < count && (times[happened] as number) <= calendar.timelineEnd) happened += 1;
  let versions = 0;
  for (let change = 0; change < happened; change += 1) {
    const day = calendar.dayIndexOf(times[change] as number);
    const isLastOfDay = change + 1 === happened || calendar.dayIndexOf(times[change + 1] as number) !== day;
    if (isLastOfDay) versions |= 1 << change;
  }
  return versions;
}
