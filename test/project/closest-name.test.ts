import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../lib/project/closest-name.ts';

describe('closestName', () => {
  it('counts inserts, deletes and substitutions', () => {
    expect(editDistance('fact_deals', 'fact_deals')).toBe(0);
    expect(editDistance('fact_deal', 'fact_deals')).toBe(1);
    expect(editDistance('fatc', 'fact')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests the nearest candidate, ignoring case, first by name on ties', () => {
    expect(closestName('Dim_Acounts', ['dim_accounts', 'dim_contacts'])).toBe('dim_accounts');
    expect(closestName('stg_b', ['stg_c', 'stg_a'])).toBe('stg_a');
  });

  it('suggests nothing when every candidate is a different word', () => {
    expect(closestName('revenue', ['dim_accounts', 'fact_deals'])).toBeUndefined();
  });
});
