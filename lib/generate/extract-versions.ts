/**
 * Which versions of a record the daily change extracts carry. A record changes at a few moments
 * (created, responded, shipped, ...); each ingest day's extract holds the record as it was after
 * that day's last change, and days without a change hold nothing. Changes after the landing's
 * last second have not happened yet.
 */
import type { IngestCalendar } from './ingest-calendar.ts';

/**
 * @param times change moments in ascending order; only the first `count` are read.
 * @param visit called with the index of the last change of each day that has one, and that day.
 */
export function forEachExtractedVersion(
  calendar: IngestCalendar,
  times: readonly number[],
  count: number,
  visit: (lastChange: number, dayIndex: number) => void,
): void {
  let happened = 0;
  while (happened < count && (times[happened] as number) <= calendar.timelineEnd) happened += 1;
  for (let change = 0; change < happened; change += 1) {
    const day = calendar.dayIndexOf(times[change] as number);
    const isLastOfDay = change + 1 === happened || calendar.dayIndexOf(times[change + 1] as number) !== day;
    if (isLastOfDay) visit(change, day);
  }
}
