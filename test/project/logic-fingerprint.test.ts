/**
 * The logic fingerprint of an incremental model (lib/project/logic-fingerprint.ts): the same for any
 * run date, different when the model's SQL, a var or macro it reads, its unique_key, strategy or
 * post_hook, or a model it reads changes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../lib/plan/plan.ts';
import { compileFingerprintProject, FINGERPRINT_FILES } from './fingerprint-project.ts';
import { removeProjects } from './unit-test-project.ts';

afterAll(removeProjects);

const fingerprint = (plan: Plan, name = 'fact_deals'): string | undefined => plan.models.find((model) => model.name === name)?.logicFingerprint;

async function fingerprintWith(vars: Readonly<Record<string, unknown>>, files: Readonly<Record<string, string>> = {}): Promise<string | undefined> {
  return fingerprint(await compileFingerprintProject('duckdb', { run_date: '2026-11-20', ...vars }, files));
}

describe('the logic fingerprint of an incremental model', () => {
  it('is a sha256 on incremental models only, and the same for every run date although the SQL it reads has the date in it', async () => {
    const day20 = await compileFingerprintProject('duckdb', { run_date: '2026-11-20' });
    const day21 = await compileFingerprintProject('duckdb', { run_date: '2026-11-21' });
    expect(day20.models.find((model) => model.name === 'stg_crm_deals')?.sql).toContain("'2026-11-20'");
    expect(fingerprint(day20)).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint(day21)).toBe(fingerprint(day20));
    expect(fingerprint(day20, 'stg_crm_deals')).toBeUndefined();
  });

  it('changes with a var the model reads through a macro, the macro, the SQL and the config that shapes its rows', async () => {
    const base = await fingerprintWith({});
    const schema = (config: string) => ({ 'sql/facts/schema.yml': `version: 2\nmodels:\n  - name: fact_deals\n    config:\n      materialized: incremental\n${config}` });
    const variants = [
      await fingerprintWith({ amount_factor: 2 }),
      await fingerprintWith({}, { 'sql/macros/weighted.sql': "{% macro weighted(column) %}{{ column }} * {{ var('amount_factor') }} + 0{% endmacro %}\n" }),
      await fingerprintWith({}, { 'sql/facts/fact_deals.sql': FINGERPRINT_FILES['sql/facts/fact_deals.sql']!.replace('select deal_id,', 'select distinct deal_id,') }),
      await fingerprintWith({}, schema('      unique_key: [deal_id, weighted_amount]\n')),
      await fingerprintWith({}, schema('      unique_key: deal_id\n      incremental_strategy: append\n')),
      await fingerprintWith({}, schema("      unique_key: deal_id\n      post_hook: \"delete from {{ this }} where weighted_amount < 0\"\n")),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('changes with the logic of a model it reads, and not with the default strategy spelled out', async () => {
    const base = await fingerprintWith({});
    const staging = FINGERPRINT_FILES['sql/staging/stg_crm_deals.sql']!;
    expect(await fingerprintWith({}, { 'sql/staging/stg_crm_deals.sql': staging.replace('where latest = 1', 'where latest = 1 and amount > 0') })).not.toBe(base);
    expect(await fingerprintWith({}, { 'sql/facts/schema.yml': `${FINGERPRINT_FILES['sql/facts/schema.yml']!}      incremental_strategy: delete+insert\n` })).toBe(base);
  });

  it('is left unchanged by a var no model upstream reads', async () => {
    const extraVar = FINGERPRINT_FILES['sql/project.yml']!.replace('  amount_factor: 1\n', '  amount_factor: 1\n  unused_threshold: 5\n');
    const base = await fingerprintWith({}, { 'sql/project.yml': extraVar });
    expect(await fingerprintWith({ unused_threshold: 6 }, { 'sql/project.yml': extraVar })).toBe(base);
  });
});
