/**
 * The time frame of one generated landing: `days` consecutive ingest dates ending at `endDate`,
 * preceded by a history period that the first (initial) extract carries. All times are whole
 * epoch seconds in UTC. Each ingest day's extract holds what changed up to the end of that day,
 * so the first day's extract holds the whole history.
 */
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86_400;

/** Two years of history before the first ingest date, enough for year-over-year marts. */
export const HISTORY_DAYS = 730;

export class IngestCalendar {
  readonly ingestDates: readonly string[];
  /** First second of the first ingest date. */
  readonly firstDayStart: number;
  /** First second of the history. */
  readonly timelineStart: number;
  /** Last second of the last ingest date: no generated timestamp is later. */
  readonly timelineEnd: number;

  constructor(
    endDate: string,
    readonly days: number,
  ) {
    const endDayStart = Date.parse(`${endDate}T00:00:00Z`) / 1000;
    this.firstDayStart = endDayStart - (days - 1) * SECONDS_PER_DAY;
    this.timelineStart = this.firstDayStart - HISTORY_DAYS * SECONDS_PER_DAY;
    this.timelineEnd = endDayStart + SECONDS_PER_DAY - 1;
    this.ingestDates = Array.from({ length: days }, (_, index) =>
      new Date((this.firstDayStart + index * SECONDS_PER_DAY) * 1000).toISOString().slice(0, 10),
    );
  }

  /** The ingest day whose extract first carries a change made at `time` (history belongs to day 0). */
  dayIndexOf(time: number): number {
    if (time < this.firstDayStart) return 0;
    return Math.min(this.days - 1, Math.floor((time - this.firstDayStart) / SECONDS_PER_DAY));
  }

  dayStart(dayIndex: number): number {
    return this.firstDayStart + dayIndex * SECONDS_PER_DAY;
  }

  /** Last second covered by the extract of `dayIndex`. */
  dayEnd(dayIndex: number): number {
    return this.dayStart(dayIndex) + SECONDS_PER_DAY - 1;
  }
}
