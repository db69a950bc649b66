import { describe, expect, it } from 'vitest';
import { accountIdFromHash } from '../../lib/dashboards/browser/account-hash.ts';

describe('the account named by a Customer 360 link', () => {
  it('is the decoded fragment', () => {
    expect(accountIdFromHash('#A-0042')).toBe('A-0042');
    expect(accountIdFromHash('#Acme%20%26%20Co')).toBe('Acme & Co');
  });

  it('is none for an empty fragment, so the page shows its default account', () => {
    expect(accountIdFromHash('')).toBeNull();
    expect(accountIdFromHash('#')).toBeNull();
  });

  it('is the literal text when the fragment is not valid percent-encoding, instead of an error', () => {
    expect(accountIdFromHash('#100%')).toBe('100%');
    expect(accountIdFromHash('#%E0%A4%A')).toBe('%E0%A4%A');
  });
});
