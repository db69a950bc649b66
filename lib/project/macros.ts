/**
 * The fixed cross-database macros (docs/architecture.md, "Templating"), with dbt's names and argument order,
 * rendered per target where DuckDB, Postgres and Redshift truly differ. Arguments are SQL expression
 * strings, as in dbt: `{{ datediff('created_at', 'closed_at', 'day') }}`.
 *
 * Reference semantics are Redshift's: `datediff` counts the datepart boundaries crossed between
 * the two values (23:59 → 00:01 the next day is 1 day; the reverse span is -1).
 */
import type { TargetName } from '../plan/plan.ts';

export const DATEPARTS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second'] as const;
export type Datepart = (typeof DATEPARTS)[number];

/** dbt's parameter names, in dbt's order; keyword arguments use these names. */
export const MACRO_PARAMETERS = {
  datediff: ['first_date', 'second_date', 'datepart'],
  dateadd: ['datepart', 'interval', 'from_date_or_timestamp'],
  date_trunc: ['datepart', 'date'],
  safe_divide: ['numerator', 'denominator'],
} as const;

export type MacroName = keyof typeof MACRO_PARAMETERS;
export const MACRO_NAMES = Object.keys(MACRO_PARAMETERS) as readonly MacroName[];

export type MacroCall =
  | { readonly name: 'datediff'; readonly firstDate: string; readonly secondDate: string; readonly datepart: Datepart }
  | { readonly name: 'dateadd'; readonly datepart: Datepart; readonly interval: string; readonly fromDate: string }
  | { readonly name: 'date_trunc'; readonly datepart: Datepart; readonly date: string }
  | { readonly name: 'safe_divide'; readonly numerator: string; readonly denominator: string };

/** An argument as written in the template: a quoted SQL expression, or a bare number or other literal. */
export type MacroArgument = unknown;

export type MacroBinding =
  | { readonly ok: true; readonly call: MacroCall }
  | { readonly ok: false; readonly problem: 'arguments'; readonly detail: string }
  | { readonly ok: false; readonly problem: 'datepart'; readonly datepart: string };

export function isMacroName(name: string): name is MacroName {
  return Object.hasOwn(MACRO_PARAMETERS, name);
}

export function isDatepart(value: string): value is Datepart {
  return (DATEPARTS as readonly string[]).includes(value);
}

/** Binds positional and keyword arguments to the macro's parameters, as a Python call would. */
export function bindMacroCall(
  name: MacroName,
  positional: readonly MacroArgument[],
  keyword: readonly (readonly [string, MacroArgument])[],
): MacroBinding {
  const parameters: readonly string[] = MACRO_PARAMETERS[name];
  const usage = `${name} takes (${parameters.join(', ')})`;
  const fail = (why: string): MacroBinding => ({ ok: false, problem: 'arguments', detail: `${why}; ${usage}` });
  if (positional.length > parameters.length) {
    return fail(`${positional.length} arguments given`);
  }
  const bound = new Map<string, MacroArgument>();
  positional.forEach((value, index) => bound.set(parameters[index] as string, value));
  for (const [key, value] of keyword) {
    if (!parameters.includes(key)) return fail(`unknown argument '${key}'`);
    if (bound.has(key)) return fail(`argument '${key}' given twice`);
    bound.set(key, value);
  }
  const missing = parameters.filter((parameter) => !bound.has(parameter));
  if (missing.length > 0) return fail(`missing ${missing.map((parameter) => `'${parameter}'`).join(', ')}`);

  const expressions = new Map<string, string>();
  for (const parameter of parameters) {
    const value = bound.get(parameter);
    if (typeof value === 'number') {
      expressions.set(parameter, String(value));
    } else if (typeof value === 'string' && value.trim() !== '') {
      expressions.set(parameter, value.trim());
    } else {
      return fail(`'${parameter}' must be a quoted SQL expression`);
    }
  }
  const expression = (parameter: string): string => expressions.get(parameter) as string;

  let datepart: Datepart | undefined;
  if (parameters.includes('datepart')) {
    const written = bound.get('datepart');
    if (typeof written !== 'string') return fail(`'datepart' must be a quoted name such as 'day'`);
    const normalized = written.trim().toLowerCase();
    if (!isDatepart(normalized)) return { ok: false, problem: 'datepart', datepart: written };
    datepart = normalized;
  }

  switch (name) {
    case 'datediff':
      return {
        ok: true,
        call: {
          name,
          firstDate: expression('first_date'),
          secondDate: expression('second_date'),
          datepart: datepart as Datepart,
        },
      };
    case 'dateadd':
      return {
        ok: true,
        call: {
          name,
          datepart: datepart as Datepart,
          interval: expression('interval'),
          fromDate: expression('from_date_or_timestamp'),
        },
      };
    case 'date_trunc':
      return { ok: true, call: { name, datepart: datepart as Datepart, date: expression('date') } };
    case 'safe_divide':
      return {
        ok: true,
        call: { name, numerator: expression('numerator'), denominator: expression('denominator') },
      };
  }
}

export function renderMacro(call: MacroCall, target: TargetName): string {
  switch (call.name) {
    case 'datediff':
      return renderDatediff(call.firstDate, call.secondDate, call.datepart, target);
    case 'dateadd':
      return renderDateadd(call.datepart, call.interval, call.fromDate, target);
    case 'date_trunc':
      // Redshift and Postgres return a timestamp(tz) for a date argument and DuckDB a date: casting
      // first gives a plain timestamp everywhere. Weeks start on Monday on all three.
      return `date_trunc('${call.datepart}', ${asTimestamp(call.date)})`;
    case 'safe_divide':
      // Double precision on both sides so that integer columns never divide as integers.
      return `(cast(${call.numerator} as double precision) / nullif(cast(${call.denominator} as double precision), 0))`;
  }
}

function asTimestamp(expression: string): string {
  return `cast(${expression} as timestamp)`;
}

function renderDatediff(first: string, second: string, datepart: Datepart, target: TargetName): string {
  if (target === 'redshift') return `datediff(${datepart}, ${first}, ${second})`;
  if (datepart === 'week') return sundayWeekBoundaries(first, second);
  if (target === 'duckdb') {
    return `date_diff('${datepart}', ${asTimestamp(first)}, ${asTimestamp(second)})`;
  }
  return postgresDatediff(asTimestamp(first), asTimestamp(second), datepart);
}

/**
 * Week boundaries crossed, weeks starting on Sunday as in Redshift's (SQL Server-style) DATEDIFF and
 * dbt's Postgres/DuckDB datediff. DuckDB's own date_diff('week') counts whole 7-day spans since 1.1,
 * so it is not used. Moving each value back to its week's Sunday makes the day difference a
 * multiple of 7, hence the exact division.
 */
function sundayWeekBoundaries(first: string, second: string): string {
  const start = asTimestamp(first);
  const end = asTimestamp(second);
  const days = `(cast(${end} as date) - cast(${start} as date))`;
  const weekdayShift = `(extract(dow from ${end}) - extract(dow from ${start}))`;
  return `cast((${days} - ${weekdayShift}) / 7 as bigint)`;
}

/** Postgres has no datediff: boundaries crossed = difference of the truncated values, in whole units. */
function postgresDatediff(start: string, end: string, datepart: Exclude<Datepart, 'week'>): string {
  const field = (name: string, value: string): string => `extract(${name} from ${value})`;
  const years = `(${field('year', end)} - ${field('year', start)})`;
  switch (datepart) {
    case 'year':
      return `cast(${years} as bigint)`;
    case 'quarter':
      return `cast(${years} * 4 + (${field('quarter', end)} - ${field('quarter', start)}) as bigint)`;
    case 'month':
      return `cast(${years} * 12 + (${field('month', end)} - ${field('month', start)}) as bigint)`;
    case 'day':
      return `cast(cast(${end} as date) - cast(${start} as date) as bigint)`;
    case 'hour':
    case 'minute':
    case 'second': {
      const unitSeconds = { hour: 3600, minute: 60, second: 1 }[datepart];
      const span = `date_trunc('${datepart}', ${end}) - date_trunc('${datepart}', ${start})`;
      return `cast(extract(epoch from ${span}) / ${unitSeconds} as bigint)`;
    }
  }
}

function renderDateadd(datepart: Datepart, interval: string, from: string, target: TargetName): string {
  if (target === 'redshift') return `dateadd(${datepart}, ${interval}, ${from})`;
  // Postgres intervals have no 'quarter' unit.
  const unit = datepart === 'quarter' ? `interval '3 month'` : `interval '1 ${datepart}'`;
  return `(${asTimestamp(from)} + (${interval}) * ${unit})`;
}
