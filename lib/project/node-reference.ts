/**
 * The `ref('x')` / `source('crm', 'accounts')` strings that YAML uses to point at a node
 * (a `relationships` test's `to:`, an exposure's `depends_on:`).
 */

export type NodeReference =
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'source'; readonly sourceName: string; readonly tableName: string };

const QUOTED = `(?:'([^']*)'|"([^"]*)")`;
const REF = new RegExp(`^ref\\(\\s*${QUOTED}\\s*\\)$`);
const SOURCE = new RegExp(`^source\\(\\s*${QUOTED}\\s*,\\s*${QUOTED}\\s*\\)$`);

/** The reference a string names, or undefined when it is neither form. */
export function parseNodeReference(text: string): NodeReference | undefined {
  const trimmed = text.trim();
  const ref = REF.exec(trimmed);
  if (ref !== null) return { kind: 'ref', name: ref[1] ?? ref[2] ?? '' };
  const source = SOURCE.exec(trimmed);
  if (source !== null) return { kind: 'source', sourceName: source[1] ?? source[2] ?? '', tableName: source[3] ?? source[4] ?? '' };
  return undefined;
}
