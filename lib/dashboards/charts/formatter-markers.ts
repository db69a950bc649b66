/**
 * Chart options are built at export time and shipped as JSON, but ECharts formats axis labels,
 * data labels and tooltips with functions, which JSON cannot carry. The builders therefore put a
 * marker string where a formatter goes (`fmt:axis:currency_compact`), and the page's script swaps
 * each marker for the function it names before handing the option to ECharts. Both sides use this
 * module, so a marker the builders write is always one the page understands.
 */
import { VALUE_FORMATS, formatValue, type ValueFormat } from '../format/value-format.ts';

const PREFIX = 'fmt:';

/** Axis labels: ECharts passes the tick value. */
export function axisFormatter(format: ValueFormat): string {
  return `${PREFIX}axis:${format}`;
}

/** A series' data labels: ECharts passes the data item's params. */
export function labelFormatter(format: ValueFormat): string {
  return `${PREFIX}label:${format}`;
}

/** Funnel and pie labels: the item's name above its value. */
export function nameLabelFormatter(format: ValueFormat): string {
  return `${PREFIX}name-label:${format}`;
}

/** A tooltip listing each series' value in that series' format (index = seriesIndex). */
export function tooltipFormatter(formats: readonly ValueFormat[]): string {
  return `${PREFIX}tooltip:${formats.join(',')}`;
}

interface FormatterParams {
  readonly name?: string;
  readonly value?: unknown;
  readonly seriesName?: string;
  readonly seriesIndex?: number;
  readonly marker?: string;
  readonly axisValueLabel?: string;
  readonly percent?: number;
}

type Formatter = (input: unknown) => string;

/**
 * The formatter a marker names, or undefined when the text is not a marker (a plain ECharts
 * template such as `{b}` stays as it is). An unknown format in a marker is a bug in a builder: throw.
 */
export function resolveFormatter(text: string): Formatter | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  const [kind, argument = ''] = text.slice(PREFIX.length).split(':');
  switch (kind) {
    case 'axis': {
      const format = parseFormat(argument, text);
      // Ticks are round numbers: `20%` and `12 days` read better than `20.0%` and `12.0 days`.
      return (value) => formatValue(scalar(value), format).replace(/\.0(?=\D|$)/, '');
    }
    case 'label': {
      const format = parseFormat(argument, text);
      return (params) => formatValue(scalar((params as FormatterParams).value), format);
    }
    case 'name-label': {
      const format = parseFormat(argument, text);
      return (params) => {
        const item = params as FormatterParams;
        return `${item.name ?? ''}\n${formatValue(scalar(item.value), format)}`;
      };
    }
    case 'tooltip': {
      const formats = argument.split(',').map((name) => parseFormat(name, text));
      return (params) => tooltipHtml(Array.isArray(params) ? (params as FormatterParams[]) : [params as FormatterParams], formats);
    }
    default:
      throw new Error(`unknown chart formatter marker '${text}'`);
  }
}

/**
 * Replaces every marker in an option (recursively) by its function; the input is not modified.
 * Only the values of `formatter` keys are read as markers: the option also carries data from the
 * warehouse (product and account names), and a name that happens to start with `fmt:` is text.
 */
export function resolveFormatters(option: unknown): unknown {
  if (Array.isArray(option)) return option.map(resolveFormatters);
  if (option !== null && typeof option === 'object') {
    return Object.fromEntries(
      Object.entries(option).map(([key, value]) => [
        key,
        key === 'formatter' && typeof value === 'string' ? (resolveFormatter(value) ?? value) : resolveFormatters(value),
      ]),
    );
  }
  return option;
}

function parseFormat(name: string, marker: string): ValueFormat {
  if ((VALUE_FORMATS as readonly string[]).includes(name)) return name as ValueFormat;
  throw new Error(`chart formatter marker '${marker}' names no value format ('${name}')`);
}

/** A data item's value: a number, or the last element of a [x, y] pair on a time axis. */
function scalar(value: unknown): string | number | null {
  const item = Array.isArray(value) ? value[value.length - 1] : value;
  if (typeof item === 'number' || typeof item === 'string') return item;
  return null;
}

function tooltipHtml(items: readonly FormatterParams[], formats: readonly ValueFormat[]): string {
  const first = items[0];
  if (!first) return '';
  const heading = first.axisValueLabel ?? first.name ?? '';
  const lines = items.map((item) => {
    const format = formats[item.seriesIndex ?? 0] ?? formats[formats.length - 1] ?? 'decimal';
    const share = item.percent === undefined ? '' : ` (${formatValue(item.percent / 100, 'percent')})`;
    const label = items.length === 1 && item.seriesName === undefined ? item.name : item.seriesName;
    return `${item.marker ?? ''}${escapeHtml(label ?? '')}: <b>${escapeHtml(formatValue(scalar(item.value), format))}</b>${share}`;
  });
  return [`<div style="font-weight:600;margin-bottom:4px">${escapeHtml(heading)}</div>`, ...lines].join('<br>');
}

/** ECharts renders tooltip text as HTML: names from the data (account names) must be escaped. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
