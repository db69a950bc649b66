/**
 * Text for `COPY … FROM '/dev/blob' WITH (FORMAT csv)`: a NULL is an empty unquoted field, any
 * other value is quoted (so an empty string, commas, quotes and line breaks survive as they
 * are). The landing contract reads an empty field, quoted or not, as NULL, so callers pass null
 * for those.
 */
export function copyField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return `"${value.replaceAll('"', '""')}"`;
}

export function copyLine(values: readonly (string | number | null)[]): string {
  return `${values.map(copyField).join(',')}\n`;
}

/** `copy <table> (<columns>) from '/dev/blob' with (format csv)`. */
export function copyFromBlobStatement(table: string, columns: readonly string[]): string {
  return `copy ${table} (${columns.join(', ')}) from '/dev/blob' with (format csv)`;
}
