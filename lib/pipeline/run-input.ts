/**
 * Turns an execution's input into the run's settings (pipeline-contract.ts, ExecutionInput).
 * The run date, when not given, is the date of the scheduled time (EventBridge Scheduler passes
 * it) or else of the execution's start, both read in the schedule's time zone: a schedule at
 * 01:00 Europe/Berlin builds that Berlin day, although it is still the day before in UTC.
 */
import { isValidDate } from '../landing/landing-layout.ts';
import type { ExecutionInput } from './pipeline-contract.ts';
import { RunInputError } from './pipeline-errors.ts';

export interface RunSettings {
  readonly runDate: string;
  readonly fullRefresh: boolean;
  readonly select: readonly string[];
}

const KNOWN_KEYS = new Set(['run_date', 'full_refresh', 'select', 'scheduled_time']);

export function runSettings(input: unknown, startTime: string, timeZone: string): RunSettings {
  const problems: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RunInputError([`the input must be a JSON object such as {"run_date": "2026-11-24"}, got ${JSON.stringify(input)}`]);
  }
  const given = input as Record<string, unknown> & ExecutionInput;
  for (const key of Object.keys(given)) {
    if (!KNOWN_KEYS.has(key)) problems.push(`unknown input key '${key}' (known: ${[...KNOWN_KEYS].join(', ')})`);
  }

  let runDate: string | undefined;
  if (given.run_date !== undefined) {
    if (typeof given.run_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(given.run_date) && isValidDate(given.run_date)) runDate = given.run_date;
    else problems.push(`run_date must be a YYYY-MM-DD calendar date, got ${JSON.stringify(given.run_date)}`);
  } else if (given.scheduled_time !== undefined) {
    const scheduled = typeof given.scheduled_time === 'string' ? new Date(given.scheduled_time) : new Date(Number.NaN);
    if (Number.isNaN(scheduled.getTime())) problems.push(`scheduled_time must be an ISO 8601 time, got ${JSON.stringify(given.scheduled_time)}`);
    else runDate = dateIn(scheduled, timeZone);
  } else {
    const started = new Date(startTime);
    if (Number.isNaN(started.getTime())) problems.push(`the execution start time ${JSON.stringify(startTime)} is not a time`);
    else runDate = dateIn(started, timeZone);
  }

  let fullRefresh = false;
  if (given.full_refresh !== undefined) {
    if (typeof given.full_refresh === 'boolean') fullRefresh = given.full_refresh;
    else problems.push(`full_refresh must be true or false, got ${JSON.stringify(given.full_refresh)}`);
  }

  let select: string[] = [];
  if (given.select !== undefined) {
    const words = typeof given.select === 'string' ? [given.select] : given.select;
    if (Array.isArray(words) && words.every((word) => typeof word === 'string')) {
      select = words.flatMap((word: string) => word.split(/\s+/)).filter((word) => word !== '');
    } else {
      problems.push(`select must be a string or a list of strings, got ${JSON.stringify(given.select)}`);
    }
  }

  if (problems.length > 0 || runDate === undefined) throw new RunInputError(problems);
  return { runDate, fullRefresh, select };
}

/** The calendar date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function dateIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string): string => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
