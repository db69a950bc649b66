/**
 * The instant freshness is measured at: the end of the run date (var run_date), i.e. the next day's
 * 00:00 UTC. dbt measures against the clock; measuring against the run date makes a rerun of a past
 * day give the answer it gave that day.
 */
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function freshnessInstant(runDate: unknown): Date {
  const text = runDate instanceof Date ? runDate.toISOString().slice(0, 10) : String(runDate);
  const match = CALENDAR_DATE.exec(text);
  const start = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== text) {
    throw new Error(`source freshness needs var run_date as a calendar date YYYY-MM-DD, got '${text}'`);
  }
  return new Date(start + 86_400_000);
}
