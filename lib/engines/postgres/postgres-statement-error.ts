/**
 * A statement Postgres refused. The message starts with the statement's first line so a
 * `--debug` reader can find it, then Postgres's own message and, when it sent them, its detail
 * and hint (PGlite's errors carry them as separate fields).
 */
export class PostgresStatementError extends Error {
  constructor(
    readonly statement: string,
    cause: unknown,
    readonly position?: { readonly index: number; readonly count: number },
  ) {
    const where = position ? ` (statement ${position.index + 1} of ${position.count} of a transaction, rolled back)` : '';
    super(`Postgres statement failed${where}: ${firstLine(statement)}\n${reasonOf(cause)}`, { cause });
    this.name = 'PostgresStatementError';
  }
}

function reasonOf(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const { detail, hint } = cause as { detail?: unknown; hint?: unknown };
  return [
    cause.message,
    typeof detail === 'string' && detail !== '' ? `DETAIL: ${detail}` : undefined,
    typeof hint === 'string' && hint !== '' ? `HINT: ${hint}` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join('\n');
}

function firstLine(statement: string): string {
  const line = statement.trim().split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
