/**
 * Labels of weekly series. The run date's week is usually not over: its bars are short because
 * the week is, not because the business slowed down, so its label carries a mark that the chart's
 * subtitle explains.
 */
import { formatDayMonth } from './value-format.ts';

export const WEEK_TO_DATE_MARK = '*';
export const WEEK_TO_DATE_NOTE = `${WEEK_TO_DATE_MARK} week to date`;

const DAY_MS = 86_400_000;

/** `23 Nov*` for a Monday-start week that holds the run date and ends after it, else `23 Nov`. */
export function weekLabel(weekStart: string, runDate: string): string {
  const start = Date.parse(`${weekStart.slice(0, 10)}T00:00:00Z`);
  const run = Date.parse(`${runDate.slice(0, 10)}T00:00:00Z`);
  const lastDay = start + 6 * DAY_MS;
  const partial = Number.isFinite(start) && Number.isFinite(run) && start <= run && run < lastDay;
  return `${formatDayMonth(weekStart)}${partial ? WEEK_TO_DATE_MARK : ''}`;
}
