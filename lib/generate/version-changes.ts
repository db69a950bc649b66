/**
 * How a scenario changes a record's content: one field per table that a downstream model reads
 * (an account's size band, a deal's amount, an order's quantity, a product's unit cost behind
 * order costs, a ticket's SLA priority, an activity's duration, a contact's title), changed to
 * another valid value so the warehouse's error-severity tests still pass. A record whose field
 * holds dirt (an unparseable amount, a misspelt priority) is not changed: `undefined`.
 */
import type { RawTableName } from './raw-tables.ts';
import { RAW_TABLE_COLUMNS } from './raw-tables.ts';
import { TICKET_PRIORITIES } from './tickets-generator.ts';
import { formatHundredths, formatTimestamp } from './value-format.ts';
import { JOB_TITLES } from './vocabulary.ts';

const WHOLE = /^\d+$/;
const DECIMAL = /^\d+(\.\d{1,2})?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

type FieldChange = (value: string) => string | undefined;

const nextOf =
  (values: readonly string[]): FieldChange =>
  (value) => {
    const at = values.indexOf(value);
    return at < 0 ? undefined : (values[(at + 1) % values.length] as string);
  };

const addWhole =
  (amount: number): FieldChange =>
  (value) =>
    WHOLE.test(value) ? String(Number(value) + amount) : undefined;

/** Cents stay exact: the value is read as hundredths, never as a float. */
const scaleHundredths =
  (percent: number): FieldChange =>
  (value) => {
    if (!DECIMAL.test(value)) return undefined;
    const [units, cents = ''] = value.split('.');
    const hundredths = Number(units) * 100 + Number(cents.padEnd(2, '0'));
    return formatHundredths(Math.round((hundredths * percent) / 100));
  };

const CHANGES: Readonly<Record<RawTableName, { readonly column: string; readonly change: FieldChange } | undefined>> = {
  users: undefined,
  products: { column: 'unit_cost', change: scaleHundredths(95) },
  accounts: { column: 'employee_count', change: addWhole(1) },
  contacts: { column: 'job_title', change: nextOf(JOB_TITLES) },
  deals: { column: 'amount', change: scaleHundredths(110) },
  deal_stage_changes: undefined,
  activities: { column: 'duration_minutes', change: addWhole(5) },
  tickets: { column: 'priority', change: nextOf(TICKET_PRIORITIES) },
  orders: { column: 'quantity', change: addWhole(1) },
};

/** Tables whose records a scenario can change (the others are immutable events or not read by facts). */
export const CHANGEABLE_TABLES = (Object.keys(CHANGES) as RawTableName[]).filter((table) => CHANGES[table] !== undefined);

/** The record's fields with the table's field changed, or undefined when that field holds dirt. */
export function changedFields(table: RawTableName, fields: readonly string[]): string[] | undefined {
  const rule = CHANGES[table];
  if (rule === undefined) return undefined;
  const at = RAW_TABLE_COLUMNS[table].indexOf(rule.column as never);
  const value = rule.change(fields[at] as string);
  if (value === undefined || value === fields[at]) return undefined;
  const changed = [...fields];
  changed[at] = value;
  return changed;
}

/** `updated_at` in epoch seconds, or undefined when the record has none or it does not parse. */
export function updatedAtOf(table: RawTableName, fields: readonly string[]): number | undefined {
  const at = RAW_TABLE_COLUMNS[table].indexOf('updated_at' as never);
  const value = at < 0 ? undefined : fields[at];
  if (value === undefined || !TIMESTAMP.test(value)) return undefined;
  const seconds = Date.parse(value) / 1000;
  return Number.isFinite(seconds) && formatTimestamp(seconds) === value ? seconds : undefined;
}

export function withField(table: RawTableName, fields: readonly string[], column: string, value: string): string[] {
  const at = RAW_TABLE_COLUMNS[table].indexOf(column as never);
  if (at < 0) throw new Error(`raw.${table} has no column ${column}`);
  const changed = [...fields];
  changed[at] = value;
  return changed;
}
