import { describe, expect, it } from 'vitest';
import { relationText } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';

describe('relationText', () => {
  it('quotes every relation on Redshift, where RAW is a reserved word', () => {
    expect(relationText({ schema: 'raw', name: 'accounts' }, 'redshift')).toBe('"raw"."accounts"');
  });

  it('keeps the readable plain form on DuckDB and Postgres', () => {
    expect(relationText({ schema: 'raw', name: 'accounts' }, 'duckdb')).toBe('raw.accounts');
    expect(relationText({ schema: 'staging', name: 'stg_crm_deals' }, 'postgres')).toBe('staging.stg_crm_deals');
  });

  it('is what the compiler writes into models and tests for each target', async () => {
    const project = await loadProject('.');
    const redshift = compileProject(project, { target: 'redshift' });
    const duckdb = compileProject(project, { target: 'duckdb' });
    const staging = (plan: typeof redshift) => plan.models.find((model) => model.name === 'stg_crm_accounts')?.sql ?? '';
    expect(staging(redshift)).toContain('"raw"."accounts"');
    expect(staging(duckdb)).toContain('raw.accounts');
    expect(staging(duckdb)).not.toContain('"raw"');
    const uniqueTest = redshift.tests.find((test) => test.name === 'unique_fact_deals_deal_id');
    expect(uniqueTest?.sql).toContain('"analytics"."fact_deals"');
    expect(uniqueTest?.auditSql).toContain('"analytics"."fact_deals__wap"');
  });
});
