/**
 * How a unit test's given values become typed SQL values. Each column is cast to its declared
 * `data_type` (schema.yml for models, sources.yml for raw tables) or, when none is declared, to a
 * type inferred from the values given: whole numbers integer, other numbers decimal, ISO dates
 * and timestamps date and timestamp, true/false boolean, other text varchar. Casting every value
 * gives the relation the same types on every engine, so `amount * probability / 100` or a date
 * difference means the same thing in the test as in the warehouse.
 */
import type { TargetName, UnitTestValue } from '../plan/plan.ts';
import { sqlLiteral } from '../sql/literals.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** UTC only: warehouse timestamps carry no zone (docs/architecture.md, "Raw landing contract"). */
const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(?:Z|[+-]00:?00)?$/;

const INTEGER_MAX = 2_147_483_647;
/** Beyond this many decimals a value is not money or a percentage; a double holds it as written. */
const DECIMAL_MAX_SCALE = 8;

/** Redshift's bare varchar holds only 256 bytes; unit-test text is sized so it never truncates there. */
const LONG_TEXT = 'varchar(65535)';

/** A declared text type without a length (`varchar`, `text`) as the sized type every engine reads alike. */
export function sizedTextType(type: string): string {
  return /^\s*(varchar|text|character varying)\s*$/i.test(type) ? LONG_TEXT : type;
}

export type TypeInference = { readonly ok: true; readonly type: string } | { readonly ok: false; readonly problem: string };

type ValueKind = 'boolean' | 'number' | 'date' | 'timestamp' | 'text';

export function inferColumnType(values: readonly UnitTestValue[]): TypeInference {
  const present = values.filter((value) => value !== null);
  if (present.length === 0) return { ok: false, problem: 'is null in every row' };
  const kinds = new Set(present.map(kindOf));
  if (kinds.size === 1 && kinds.has('boolean')) return { ok: true, type: 'boolean' };
  if (kinds.size === 1 && kinds.has('number')) return { ok: true, type: numericType(present as number[]) };
  if ([...kinds].every((kind) => kind === 'date' || kind === 'timestamp')) return { ok: true, type: kinds.has('timestamp') ? 'timestamp' : 'date' };
  if ([...kinds].every((kind) => kind !== 'boolean' && kind !== 'number')) return { ok: true, type: LONG_TEXT };
  const described = [...kinds].map((kind) => (kind === 'boolean' ? 'true/false' : kind === 'number' ? 'numbers' : 'text')).sort();
  return { ok: false, problem: `mixes ${[...new Set(described)].join(' and ')}` };
}

/**
 * `cast(<value> as <type>)`, text quoted for `target`; ISO timestamps are written the way every
 * engine's timestamp cast reads them.
 */
export function typedLiteral(value: UnitTestValue, type: string, target: TargetName): string {
  if (typeof value === 'string' && /^timestamp\b/i.test(type.trim())) {
    const match = ISO_TIMESTAMP.exec(value);
    if (match !== null) return `cast(${sqlLiteral(`${match[1]} ${match[2]}`, target)} as ${type})`;
  }
  return `cast(${sqlLiteral(value, target)} as ${type})`;
}

function kindOf(value: string | number | boolean): ValueKind {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (ISO_DATE.test(value)) return 'date';
  if (ISO_TIMESTAMP.test(value)) return 'timestamp';
  return 'text';
}

function numericType(values: readonly number[]): string {
  const written = values.map((value) => String(value));
  if (written.some((text) => text.includes('e'))) return 'double precision';
  if (values.every((value) => Number.isInteger(value))) {
    return values.every((value) => Math.abs(value) <= INTEGER_MAX) ? 'integer' : 'bigint';
  }
  const scale = Math.max(...written.map((text) => text.split('.')[1]?.length ?? 0));
  return scale > DECIMAL_MAX_SCALE ? 'double precision' : `decimal(18,${scale})`;
}
