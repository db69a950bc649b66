import { describe, expect, it } from 'vitest';
import { DataApiError } from '../../../lib/data-api-endpoint/protocol/data-api-error.ts';
import { decodeNextToken, encodeNextToken } from '../../../lib/data-api-endpoint/protocol/next-token.ts';

describe('next tokens', () => {
  it('round-trips an offset within its scope only', () => {
    const token = encodeNextToken('scope-a', 40);
    expect(decodeNextToken(token, 'scope-a')).toBe(40);
    expect(decodeNextToken(undefined, 'scope-a')).toBe(0);
    expect(() => decodeNextToken(token, 'scope-b')).toThrow(DataApiError);
    expect(() => decodeNextToken(encodeNextToken('scope-a', -1), 'scope-a')).toThrow('The NextToken is not valid.');
  });
});
