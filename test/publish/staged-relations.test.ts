import { describe, expect, it } from 'vitest';
import { StagedRelations } from '../../lib/publish/staged-relations.ts';

const staged = new StagedRelations([
  { schema: 'analytics', name: 'fact_deals' },
  { schema: 'staging', name: 'stg_crm_deals' },
]);

describe('reading what this run staged', () => {
  it('points references to built models at their staged relations', () => {
    expect(staged.rewrite('select * from staging.stg_crm_deals d join analytics.fact_deals f on f.deal_id = d.deal_id')).toBe(
      'select * from staging.stg_crm_deals__wap d join analytics.fact_deals__wap f on f.deal_id = d.deal_id',
    );
  });

  it('rewrites the quoted form the Redshift target renders', () => {
    expect(staged.rewrite('select * from "staging"."stg_crm_deals" join "analytics"."fact_deals" using (deal_id)')).toBe(
      'select * from "staging"."stg_crm_deals__wap" join "analytics"."fact_deals__wap" using (deal_id)',
    );
  });

  it('leaves sources, unselected models, longer names and database-qualified names alone', () => {
    const sql = `select * from "raw"."deals", raw.deals, analytics.dim_accounts, analytics.fact_deals_daily, "analytics"."fact_deals_daily", db.analytics.fact_deals`;
    expect(staged.rewrite(sql)).toBe(sql);
  });

  it("keeps the model's own name ({{ this }} is what is published)", () => {
    expect(staged.rewrite('select max(updated_at) from analytics.fact_deals', { schema: 'analytics', name: 'fact_deals' })).toBe('select max(updated_at) from analytics.fact_deals');
    expect(staged.rewrite('select 1 from "analytics"."fact_deals"', { schema: 'analytics', name: 'fact_deals' })).toBe('select 1 from "analytics"."fact_deals"');
  });

  it('changes nothing when no model is built', () => {
    expect(new StagedRelations([]).rewrite('select 1 from analytics.fact_deals')).toBe('select 1 from analytics.fact_deals');
  });
});
