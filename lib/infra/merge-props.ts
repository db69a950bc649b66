/**
 * Deep-merges a caller's overrides into secure defaults (aws-solutions-constructs'
 * `consolidateProps`). Plain objects merge key by key; anything else (arrays, constructs,
 * Durations, tokens) is taken from the override as a whole, and an `undefined` override keeps
 * the default, so passing `{ versioned: undefined }` can never switch a protection off by accident.
 */
export function mergeProps<T extends object>(defaults: T, overrides: Partial<T> | undefined): T {
  if (overrides === undefined) return defaults;
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
    if (value === undefined) continue;
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeProps(current, value) : value;
  }
  return merged as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
