import { redshiftString } from '../../sql/literals.ts';
import type { Token } from './sql-tokens.ts';

/** One `Parameters` entry of ExecuteStatement / BatchExecuteStatement. */
export interface SqlParameter {
  readonly name: string;
  readonly value: string;
}

/**
 * Binds `:name` placeholders. Redshift sends every Data API parameter as text and lets the
 * statement's context decide its type; a Postgres untyped literal (`'value'`) behaves the same
 * way, so each placeholder becomes one, quoted as Redshift reads literals (backslashes doubled) so
 * that the value arrives unchanged. Placeholders are found by the lexer, never inside strings,
 * comments or `::` casts.
 */
export function bindParameters(tokens: readonly Token[], parameters: readonly SqlParameter[]): Token[] {
  const values = new Map(parameters.map((parameter) => [parameter.name, parameter.value]));
  return tokens.map((token) => {
    if (token.kind !== 'parameter') return token;
    const value = values.get(token.text.slice(1));
    if (value === undefined) return token;
    return { kind: 'string', text: redshiftString(value) };
  });
}

/** Placeholder names used by the tokens that no parameter supplies. */
export function unboundParameterNames(tokens: readonly Token[], parameters: readonly SqlParameter[]): string[] {
  const supplied = new Set(parameters.map((parameter) => parameter.name));
  const missing = tokens
    .filter((token) => token.kind === 'parameter')
    .map((token) => token.text.slice(1))
    .filter((name) => !supplied.has(name));
  return [...new Set(missing)];
}
