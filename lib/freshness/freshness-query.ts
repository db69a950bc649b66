/** The one query a freshness check sends: the newest loaded_at value of a source table. */
import type { PlanSource, SourceFreshness, TargetName } from '../plan/plan.ts';
import { relationText } from '../plan/plan.ts';
import { quoteIdentifier } from '../sql/identifiers.ts';

/** A date column counts as loaded at its 00:00: cast to a timestamp, so every engine returns one type. */
export function freshnessQuery(source: PlanSource, freshness: SourceFreshness, target: TargetName): string {
  return `select max(cast(${quoteIdentifier(freshness.loadedAtField)} as timestamp)) as max_loaded_at from ${relationText(source.relation, target)}`;
}

/** Engines return timestamps as ISO 8601 text (engine.ts); a value without a zone is UTC, as the warehouse stores it. */
export function parseLoadedAt(value: string | number | boolean | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim().replace(' ', 'T');
  const timed = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00` : text;
  const zoned = /T.*(Z|[+-]\d{2}(:?\d{2})?)$/.test(timed) ? timed : `${timed}Z`;
  const parsed = new Date(zoned);
  if (Number.isNaN(parsed.getTime())) throw new Error(`unreadable max_loaded_at '${String(value)}'`);
  return parsed;
}
