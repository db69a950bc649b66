/**
 * Puts common table expressions in front of a model's SELECT, the way dbt injects ephemeral models
 * and unit test fixtures: into the model's own WITH list when it has one (a second WITH around it
 * would need a nested WITH, which not every engine reads), else as a new WITH. Leading comments and
 * blank lines stay where they are.
 */

export interface CommonTableExpression {
  readonly name: string;
  readonly sql: string;
}

export function withLeadingCtes(select: string, ctes: readonly CommonTableExpression[]): string {
  if (ctes.length === 0) return select;
  const start = firstTokenOffset(select);
  const head = select.slice(0, start);
  const body = select.slice(start);
  const definitions = ctes.map((cte) => `${cte.name} as (\n\n${indent(cte.sql)}\n\n)`).join(',\n\n');
  const withKeyword = /^with(\s+recursive)?\b/i.exec(body);
  if (withKeyword === null) return `${head}with\n\n${definitions}\n\n${body}`;
  return `${head}${withKeyword[0]}\n\n${definitions},\n\n${body.slice(withKeyword[0].length).trimStart()}`;
}

/** Offset of the first character that is neither whitespace nor part of a comment. */
function firstTokenOffset(sql: string): number {
  let position = 0;
  for (;;) {
    while (position < sql.length && /\s/.test(sql[position] as string)) position += 1;
    if (sql.startsWith('--', position)) {
      const end = sql.indexOf('\n', position);
      position = end === -1 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', position)) {
      const end = sql.indexOf('*/', position + 2);
      position = end === -1 ? sql.length : end + 2;
    } else {
      return position;
    }
  }
}

function indent(sql: string): string {
  return sql
    .split('\n')
    .map((line) => (line === '' ? line : `    ${line}`))
    .join('\n');
}
