import { describe, expect, it } from 'vitest';
import type { GenericTestName, GenericTestSpec } from '../../lib/project/project.ts';
import { genericTestName, MAX_TEST_NAME_LENGTH, TestNameRegistry } from '../../lib/project/test-names.ts';

function spec(testName: GenericTestName, column: string | undefined, args: Record<string, unknown> = {}): GenericTestSpec {
  return { testName, column, severity: 'error', args, origin: { path: 'sql/facts/schema.yml' } };
}

describe('genericTestName', () => {
  it('names column tests like dbt', () => {
    expect(genericTestName(spec('not_null', 'deal_id'), { kind: 'model', name: 'fact_deals' })).toBe('not_null_fact_deals_deal_id');
    expect(genericTestName(spec('accepted_values', 'stage', { values: ['prospecting', 'closed_won'] }), { kind: 'model', name: 'stg_crm_deals' })).toBe(
      'accepted_values_stg_crm_deals_stage__prospecting__closed_won',
    );
    expect(genericTestName(spec('relationships', 'account_id', { to: "ref('dim_accounts')", field: 'account_id' }), { kind: 'model', name: 'fact_deals' })).toBe(
      'relationships_fact_deals_account_id__account_id__ref_dim_accounts_',
    );
  });

  it('names model-level tests and source tests', () => {
    expect(genericTestName(spec('not_empty', undefined), { kind: 'model', name: 'fact_deals' })).toBe('not_empty_fact_deals');
    expect(genericTestName(spec('expression_is_true', undefined, { expression: 'amount >= 0' }), { kind: 'model', name: 'fact_deals' })).toBe(
      'expression_is_true_fact_deals_amount_0',
    );
    expect(genericTestName(spec('unique', 'account_id'), { kind: 'source', sourceName: 'crm', tableName: 'accounts' })).toBe(
      'source_unique_crm_accounts_account_id',
    );
  });

  it('shortens long names with a hash that keeps them distinct', () => {
    const values = (last: string): string[] => [...Array.from({ length: 40 }, (_, index) => `value_${index}`), last];
    const first = genericTestName(spec('accepted_values', 'stage', { values: values('a') }), { kind: 'model', name: 'stg_crm_deals' });
    const second = genericTestName(spec('accepted_values', 'stage', { values: values('b') }), { kind: 'model', name: 'stg_crm_deals' });

    expect(first).toHaveLength(MAX_TEST_NAME_LENGTH);
    expect(first).toMatch(/^accepted_values_stg_crm_deals_stage__value_0__value_1__.*_[0-9a-f]{10}$/);
    expect(second).not.toBe(first);
  });
});

describe('TestNameRegistry', () => {
  it('suffixes names already taken', () => {
    const registry = new TestNameRegistry();
    expect(['a', 'b', 'a', 'a', 'a_2'].map((name) => registry.claim(name))).toEqual(['a', 'b', 'a_2', 'a_3', 'a_2_2']);
  });
});
