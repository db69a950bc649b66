/**
 * Maps lines of a compiled model back to its template. The compiler keeps model bodies line for
 * line, except where templating changes the shape: the rendered SQL is trimmed (so a leading
 * `{{ config(...) }}` line disappears), an `{% if %}` branch not taken drops its lines, `{%- -%}`
 * whitespace control joins lines, and multi-line tags or comments collapse.
 *
 * So the map is an alignment rather than an offset: each template line becomes a matcher (the
 * line itself, or its text outside tags with a wildcard where each tag was) and a weighted longest
 * common subsequence pairs template lines with compiled lines in order, preferring lines with more
 * literal text, so blank lines and tag-only lines never outweigh real SQL. Compiled lines with no
 * partner are placed between their paired neighbours (see `interpolated`).
 */
import type { LineMapping } from './lint-sql.ts';

interface LineMatcher {
  matches(compiledLine: string): boolean;
  /** How much a pairing with this line is worth; 0 never pairs. */
  readonly weight: number;
}

const NEVER: LineMatcher = { matches: () => false, weight: 0 };

export function sourceLineMapping(template: string, compiled: string): LineMapping {
  const templateLines = template.split('\n');
  const compiledLines = compiled.split('\n');
  const matchers = lineMatchers(templateLines);
  const partner = align(matchers, compiledLines.map((line) => line.trim()));

  const sourceIndex = compiledLines.map((_, index) => partner[index] ?? interpolated(partner, index));
  return (compiledLine) => {
    const index = compiledLine - 1;
    const paired = partner[index];
    if (paired !== undefined) return { line: paired + 1, exact: templateLines[paired] === compiledLines[index] };
    return { line: (sourceIndex[index] ?? index) + 1, exact: false };
  };
}

/**
 * A compiled line without a partner keeps its distance from the nearest paired line before it,
 * without reaching the next paired line: lines joined by whitespace control land on the template
 * line they started on, and the lines of a multi-line expansion stay on the tag's line.
 */
function interpolated(partner: readonly (number | undefined)[], index: number): number {
  let before = index - 1;
  while (before >= 0 && partner[before] === undefined) before -= 1;
  let after = index + 1;
  while (after < partner.length && partner[after] === undefined) after += 1;
  const next = partner[after];
  if (before < 0) return next === undefined ? index : Math.max(0, next - (after - index));
  const previous = partner[before] as number;
  const estimate = previous + (index - before);
  return next === undefined ? estimate : Math.max(previous, Math.min(estimate, next - 1));
}

const TAG_OPENERS: Readonly<Record<string, string>> = { '{{': '}}', '{%': '%}', '{#': '#}' };

/** One matcher per template line; tags may span lines, so the tag state carries over. */
function lineMatchers(lines: readonly string[]): LineMatcher[] {
  let closer: string | undefined;
  return lines.map((line) => {
    const startsInTag = closer !== undefined;
    const literals: string[] = [];
    let literal = '';
    let hasTag = startsInTag;
    let position = 0;
    while (position < line.length) {
      if (closer !== undefined) {
        const end = line.indexOf(closer, position);
        if (end === -1) {
          position = line.length;
        } else {
          position = end + closer.length;
          closer = undefined;
        }
        continue;
      }
      const opener = line.slice(position, position + 2);
      const opensTag = TAG_OPENERS[opener];
      if (opensTag !== undefined) {
        hasTag = true;
        literals.push(literal);
        literal = '';
        closer = opensTag;
        position += 2;
      } else {
        literal += line[position];
        position += 1;
      }
    }
    literals.push(literal);
    if (!hasTag) return exactMatcher(line.trim());
    if (closer !== undefined && literals.every((text) => text.trim() === '')) return NEVER;
    return templatedMatcher(literals, startsInTag, closer !== undefined);
  });
}

function exactMatcher(text: string): LineMatcher {
  return { matches: (compiledLine) => compiledLine === text, weight: literalWeight(text) };
}

function templatedMatcher(literals: readonly string[], startsInTag: boolean, endsInTag: boolean): LineMatcher {
  const pieces = literals.map((text, index) => {
    const trimmed = index === 0 ? text.trimStart() : index === literals.length - 1 ? text.trimEnd() : text;
    return escapeRegExp(trimmed);
  });
  const pattern = new RegExp(`^${startsInTag ? '[\\s\\S]*?' : ''}${pieces.join('[\\s\\S]*?')}${endsInTag ? '[\\s\\S]*' : ''}$`);
  const literalText = literals.join('').trim();
  return { matches: (compiledLine) => pattern.test(compiledLine), weight: literalText === '' ? 0.25 : literalWeight(literalText) };
}

/** Blank lines pair cheaply; lines with more SQL text are more certain partners. */
function literalWeight(text: string): number {
  return text === '' ? 0.5 : 1 + text.replace(/\s+/g, '').length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** For each compiled line, the index of its template partner (or undefined), by weighted LCS. */
function align(matchers: readonly LineMatcher[], compiledLines: readonly string[]): (number | undefined)[] {
  const rows = matchers.length;
  const columns = compiledLines.length;
  const width = columns + 1;
  // best[i * width + j]: the best total weight aligning template lines i.. with compiled lines j..
  const best = new Float64Array((rows + 1) * width);
  const pairWeight = (i: number, j: number): number => {
    const matcher = matchers[i] as LineMatcher;
    return matcher.weight > 0 && matcher.matches(compiledLines[j] as string) ? matcher.weight : 0;
  };
  for (let i = rows - 1; i >= 0; i -= 1) {
    for (let j = columns - 1; j >= 0; j -= 1) {
      const weight = pairWeight(i, j);
      const paired = weight > 0 ? weight + (best[(i + 1) * width + j + 1] as number) : 0;
      best[i * width + j] = Math.max(paired, best[(i + 1) * width + j] as number, best[i * width + j + 1] as number);
    }
  }
  const partner: (number | undefined)[] = new Array<number | undefined>(columns).fill(undefined);
  let i = 0;
  let j = 0;
  while (i < rows && j < columns) {
    const here = best[i * width + j] as number;
    const weight = pairWeight(i, j);
    if (weight > 0 && here === weight + (best[(i + 1) * width + j + 1] as number)) {
      partner[j] = i;
      i += 1;
      j += 1;
    } else if (here === best[(i + 1) * width + j]) {
      i += 1;
    } else {
      j += 1;
    }
  }
  return partner;
}
