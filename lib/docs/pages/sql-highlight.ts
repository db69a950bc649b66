/**
 * Light syntax colouring for the compiled SQL on model pages: comments, strings, quoted
 * identifiers, numbers and keywords get a class; everything is escaped. A tokenizer, not a
 * parser: it only has to agree with SQL on where comments and literals start and end.
 */
import { html, type SafeHtml } from '../html/html.ts';

const KEYWORDS = new Set(
  (
    'select from where group by order having limit offset with as on join left right full inner outer cross union all ' +
    'distinct case when then else end and or not null is in between like ilike exists cast over partition rows range ' +
    'preceding following current row unbounded asc desc nulls first last true false interval recursive except intersect ' +
    'window qualify using lateral filter'
  ).split(' '),
);

// One alternative per token kind; the first that matches at a position wins.
const TOKENS = /(--[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:[^']|'')*(?:'|$))|("(?:[^"]|"")*(?:"|$))|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_$]*)/g;

export function highlightSql(sql: string): SafeHtml {
  const parts: (SafeHtml | string)[] = [];
  let last = 0;
  for (const match of sql.matchAll(TOKENS)) {
    const index = match.index;
    parts.push(sql.slice(last, index));
    const [token, comment, string, identifier, number, word] = match;
    if (comment !== undefined) parts.push(html`<span class="sql-comment">${comment}</span>`);
    else if (string !== undefined) parts.push(html`<span class="sql-string">${string}</span>`);
    else if (identifier !== undefined) parts.push(html`<span class="sql-identifier">${identifier}</span>`);
    else if (number !== undefined) parts.push(html`<span class="sql-number">${number}</span>`);
    else if (word !== undefined && KEYWORDS.has(word.toLowerCase())) parts.push(html`<span class="sql-keyword">${word}</span>`);
    else parts.push(token);
    last = index + token.length;
  }
  parts.push(sql.slice(last));
  return html`${parts}`;
}
