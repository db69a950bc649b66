/** How a statement is named in error messages: its first line, cut short. */
export function firstLine(statement: string): string {
  const line = statement.trim().split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
