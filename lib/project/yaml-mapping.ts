/** A YAML mapping as parsed to JS: a plain object, not a list and not null. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
