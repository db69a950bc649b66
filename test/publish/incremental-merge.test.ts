import { describe, expect, it } from 'vitest';
import { incrementalMergeStatements } from '../../lib/publish/incremental-merge.ts';
import { publishedColumns } from '../../lib/publish/published-columns.ts';

const increment = { schema: 'analytics', name: 'fact_deals__wap' };
const published = { schema: 'analytics', name: 'fact_deals' };

describe('merging an increment', () => {
  it('deletes the rows it replaces by unique key, then inserts naming the published columns on both sides', () => {
    expect(incrementalMergeStatements(increment, published, ['deal_id'], ['deal_id', 'order'])).toEqual([
      'delete from analytics.fact_deals\nusing analytics.fact_deals__wap\nwhere analytics.fact_deals.deal_id = analytics.fact_deals__wap.deal_id',
      'insert into analytics.fact_deals ("deal_id", "order")\nselect "deal_id", "order" from analytics.fact_deals__wap',
    ]);
  });

  it('only appends without a unique key', () => {
    expect(incrementalMergeStatements(increment, published, undefined, ['deal_id'])).toHaveLength(1);
  });

  it('refuses a published table whose columns were not found, naming it', () => {
    expect(() => incrementalMergeStatements(increment, published, ['deal_id'], [])).toThrow(
      'analytics.fact_deals: no columns found for the published table, so the increment analytics.fact_deals__wap cannot be merged into it',
    );
  });
});

describe('reading published columns', () => {
  it('groups the catalog rows by relation, keeping their order', () => {
    expect(
      publishedColumns([
        { relation_name: 'analytics.fact_deals', column_name: 'deal_id' },
        { relation_name: 'analytics.fact_deals', column_name: 'stage' },
        { relation_name: 'analytics.fact_orders', column_name: 'order_id' },
        { relation_name: 'analytics.fact_deals', column_name: 'amount' },
      ]),
    ).toEqual({ 'analytics.fact_deals': ['deal_id', 'stage', 'amount'], 'analytics.fact_orders': ['order_id'] });
  });
});
