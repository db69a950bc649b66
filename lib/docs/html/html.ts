/**
 * HTML built with a tagged template that escapes every interpolated value unless it is already
 * `SafeHtml`. Descriptions, test samples and SQL come from the project and from CRM data: they
 * may hold `<`, `&` or quotes, and must never become markup.
 */

export class SafeHtml {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

export type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in text and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] as string);
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(text);
}

/** Markup written by this code, not data: a constant SVG path, an entity. */
export function trusted(text: string): SafeHtml {
  return new SafeHtml(text);
}

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  // false, null and undefined render nothing, so `${condition && html`...`}` reads naturally.
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/**
 * JSON for a `<script>` element: `</script>` and `<!--` inside strings would end or confuse the
 * element, so `<` is written as its escape (and U+2028/2029, which old parsers reject in strings).
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * A long identifier (`stg_crm_deals.expected_close_date`) that may wrap after its underscores and
 * dots, not in the middle of a word, when a table cell is narrow.
 */
export function breakable(identifier: string): SafeHtml {
  return new SafeHtml(
    identifier
      .split(/(?<=[_.])/)
      .map(escapeHtml)
      .join('<wbr>'),
  );
}
