/**
 * Reads the target type of every cast from tokens: `expr::type` and `CAST(expr AS type)`. The tree
 * is no help here: the grammars reject many of the very types we ban (XML, HSTORE, NVARCHAR,
 * BPCHAR, range types) and drop the `[]` of array types (`int[]` arrives as INT).
 */
import { isSymbol, isWord, type SqlToken } from './sql-tokens.ts';

export interface CastTarget {
  readonly syntax: '::' | 'CAST';
  /** Upper-case, words joined by one space: `DOUBLE PRECISION`, `TIMESTAMP WITH TIME ZONE`. */
  readonly typeName: string;
  /** Written as a quoted identifier (`"char"`), which names a different type than the bare word. */
  readonly quoted: boolean;
  /** Has a length, precision or scale in parentheses. */
  readonly hasModifier: boolean;
  readonly isArray: boolean;
  /** The `::` or `CAST` token. */
  readonly operator: SqlToken;
  /** The first token of the type name. */
  readonly typeToken: SqlToken;
}

/** Second words that make one type name with the word before them. */
const CONTINUATIONS: Readonly<Record<string, readonly string[]>> = {
  DOUBLE: ['PRECISION'],
  CHARACTER: ['VARYING'],
  CHAR: ['VARYING'],
  BIT: ['VARYING'],
  NATIONAL: ['CHARACTER', 'CHAR'],
};

export function castTargets(tokens: readonly SqlToken[]): CastTarget[] {
  const targets: CastTarget[] = [];
  tokens.forEach((token, index) => {
    if (isSymbol(token, '::')) {
      const target = readType(tokens, index + 1, token, '::');
      if (target !== undefined) targets.push(target);
    } else if (isWord(token, 'CAST') && isSymbol(tokens[index + 1], '(')) {
      const as = castAs(tokens, index + 2);
      const target = as === undefined ? undefined : readType(tokens, as + 1, token, 'CAST');
      if (target !== undefined) targets.push(target);
    }
  });
  return targets;
}

/** Index of the AS that belongs to the CAST whose parenthesis opened just before `start`. */
function castAs(tokens: readonly SqlToken[], start: number): number | undefined {
  let depth = 0;
  for (let index = start; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (isSymbol(token, '(')) depth += 1;
    else if (isSymbol(token, ')')) {
      if (depth === 0) return undefined;
      depth -= 1;
    } else if (depth === 0 && isWord(token, 'AS')) return index;
  }
  return undefined;
}

function readType(tokens: readonly SqlToken[], start: number, operator: SqlToken, syntax: CastTarget['syntax']): CastTarget | undefined {
  let index = start;
  // A schema-qualified type (`pg_catalog.text`) is named by its last part.
  while (isName(tokens[index]) && isSymbol(tokens[index + 1], '.') && isName(tokens[index + 2])) index += 2;
  const first = tokens[index];
  if (first === undefined || !isName(first)) return undefined;
  const words = [first.upper];
  index += 1;
  const second = tokens[index];
  if (first.kind === 'word' && second?.kind === 'word' && CONTINUATIONS[first.upper]?.includes(second.upper) === true) {
    words.push(second.upper);
    index += 1;
    if (first.upper === 'NATIONAL' && isWord(tokens[index], 'VARYING')) {
      words.push('VARYING');
      index += 1;
    }
  }
  let hasModifier = false;
  if (isSymbol(tokens[index], '(')) {
    hasModifier = true;
    index = closingParenthesis(tokens, index) + 1;
  }
  if ((words[0] === 'TIMESTAMP' || words[0] === 'TIME') && (isWord(tokens[index], 'WITH') || isWord(tokens[index], 'WITHOUT'))) {
    if (isWord(tokens[index + 1], 'TIME') && isWord(tokens[index + 2], 'ZONE')) {
      words.push((tokens[index] as SqlToken).upper, 'TIME', 'ZONE');
      index += 3;
    }
  }
  let isArray = false;
  while (isSymbol(tokens[index], '[')) {
    isArray = true;
    while (index < tokens.length && !isSymbol(tokens[index], ']')) index += 1;
    index += 1;
  }
  if (isWord(tokens[index], 'ARRAY')) isArray = true;
  return { syntax, typeName: words.join(' '), quoted: first.kind === 'quoted-identifier', hasModifier, isArray, operator, typeToken: first };
}

function isName(token: SqlToken | undefined): boolean {
  return token?.kind === 'word' || token?.kind === 'quoted-identifier';
}

function closingParenthesis(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index += 1) {
    if (isSymbol(tokens[index], '(')) depth += 1;
    else if (isSymbol(tokens[index], ')')) {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return tokens.length;
}
