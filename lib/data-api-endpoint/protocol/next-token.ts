import { validationError } from './data-api-error.ts';

/**
 * Paging tokens: opaque to the client, here base64url JSON naming what is paged and where the
 * next page starts. A token from another statement or listing is rejected.
 */
export function encodeNextToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ scope, offset })).toString('base64url');
}

export function decodeNextToken(token: string | undefined, scope: string): number {
  if (token === undefined) return 0;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  const { scope: tokenScope, offset } = (decoded ?? {}) as { scope?: unknown; offset?: unknown };
  if (tokenScope !== scope || typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw invalidToken();
  return offset;
}

function invalidToken() {
  return validationError('The NextToken is not valid.');
}
