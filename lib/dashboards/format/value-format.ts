/**
 * How a dashboard number is written: one function used both when the pages are rendered (KPI tiles,
 * tables) and in the browser (chart axes, tooltips, Customer 360), so a value reads the same
 * everywhere. Written by hand rather than with `Intl` compact notation, whose output differs
 * between ICU versions (Node's and Chromium's), which would make a tile's text depend on where it
 * was formatted.
 */

export const VALUE_FORMATS = [
  /** Money, whole units with thousands separators: `$1,234,567`. */
  'currency',
  /** Money, short: `$1.2M`, `$907.7K`, `$950`. For tiles and axes. */
  'currency_compact',
  /** A fraction 0-1 shown as a percentage with one decimal: `21.6%`. */
  'percent',
  /** A relative change (0.123 = up 12.3%), signed: `+12.3%`, `-4.0%`. */
  'percent_change',
  /** A whole count: `1,234`. */
  'count',
  /** A count, short: `12.3K`. */
  'count_compact',
  /** Days with one decimal: `32.6 days`. */
  'days',
  /** Hours with one decimal: `12.3 h`. */
  'hours',
  /** A plain number with one decimal: `63.7`. */
  'decimal',
  /** A calendar date `YYYY-MM-DD` shown as `24 Nov 2026`. */
  'date',
  /** Text as it is. */
  'text',
  /** A code from the data as a label: `closed_won` → `Closed won`. */
  'label',
] as const;

export type ValueFormat = (typeof VALUE_FORMATS)[number];

export type DisplayValue = string | number | boolean | null | undefined;

/** What a missing value (null: no rows in the period, a rate over nothing) reads as. */
export const MISSING_VALUE = '–';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Money columns are in one currency (docs/architecture.md, "Raw landing contract") that the export does not name;
 * the sample data and the specification price in dollars.
 */
const CURRENCY_SYMBOL = '$';

export function formatValue(value: DisplayValue, format: ValueFormat): string {
  if (value === null || value === undefined || value === '') return MISSING_VALUE;
  if (format === 'text') return String(value);
  if (format === 'label') return humanize(String(value));
  if (format === 'date') return formatDate(String(value));
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(number)) return String(value);
  switch (format) {
    case 'currency':
      return withSign(number, (magnitude) => `${CURRENCY_SYMBOL}${groupThousands(Math.round(magnitude))}`);
    case 'currency_compact':
      return withSign(number, (magnitude) => `${CURRENCY_SYMBOL}${compact(magnitude)}`);
    case 'percent':
      return `${fixed(number * 100, 1)}%`;
    case 'percent_change':
      return `${number > 0 ? '+' : ''}${fixed(number * 100, 1)}%`;
    case 'count':
      return withSign(number, (magnitude) => groupThousands(Math.round(magnitude)));
    case 'count_compact':
      return withSign(number, compact);
    case 'days':
      return `${fixed(number, 1)} ${Math.abs(number) === 1 ? 'day' : 'days'}`;
    case 'hours':
      return `${fixed(number, 1)} h`;
    case 'decimal':
      return fixed(number, 1);
  }
}

/** `2026-11-24` (or an ISO timestamp) → `24 Nov 2026`; other text is returned unchanged. */
export function formatDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}

/** `2026-11-01` → `Nov 2026`: labels of monthly series. */
export function formatMonth(iso: string): string {
  const match = /^(\d{4})-(\d{2})/.exec(iso);
  return match ? `${MONTHS[Number(match[2]) - 1]} ${match[1]}` : iso;
}

/** `2026-11-23` → `23 Nov`: labels of weekly series (the week's Monday). */
export function formatDayMonth(iso: string): string {
  const match = /^\d{4}-(\d{2})-(\d{2})/.exec(iso);
  return match ? `${Number(match[2])} ${MONTHS[Number(match[1]) - 1]}` : iso;
}

/** An ISO timestamp → `25 Nov 2026, 23:58 UTC`. */
export function formatTimestamp(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${formatDate(match[1] as string)}, ${match[2]} UTC` : iso;
}

function withSign(number: number, write: (magnitude: number) => string): string {
  // Rounding can turn a tiny negative into zero; never print "-$0".
  const text = write(Math.abs(number));
  return number < 0 && /[1-9]/.test(text) ? `-${text}` : text;
}

function compact(magnitude: number): string {
  const steps: readonly [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of steps) {
    // 999,950 rounds to "1000.0K": promote it to the next unit instead.
    if (magnitude >= size * 0.99995) return `${trimZero(fixed(magnitude / size, 1))}${suffix}`;
  }
  return groupThousands(Math.round(magnitude));
}

/** `12.0` → `12`: a compact figure does not need a trailing zero. */
function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** Fixed decimals, rounding half away from zero (toFixed rounds binary fractions like 0.125 inconsistently). */
function fixed(number: number, decimals: number): string {
  const scale = 10 ** decimals;
  const rounded = Math.sign(number) * Math.round(Math.abs(number) * scale + Number.EPSILON) / scale;
  const [whole = '0', fraction = ''] = Math.abs(rounded).toFixed(decimals).split('.');
  const sign = rounded < 0 ? '-' : '';
  return decimals > 0 ? `${sign}${groupThousands(Number(whole))}.${fraction}` : `${sign}${groupThousands(Number(whole))}`;
}

function groupThousands(whole: number): string {
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A code from the data as a label: `closed_won` → `Closed won`, `low_stock` → `Low stock`. */
export function humanize(code: string): string {
  const words = code.replaceAll('_', ' ').trim();
  return words.length === 0 ? words : words[0]!.toUpperCase() + words.slice(1);
}

/** The short form of a format, for labels drawn on bars and slices where space is short. */
export function compactFormat(format: ValueFormat): ValueFormat {
  if (format === 'currency') return 'currency_compact';
  if (format === 'count') return 'count_compact';
  return format;
}
