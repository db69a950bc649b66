import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pinnedQueriesOf } from '../../lib/mutation/pinned-queries.ts';

let dir: string | undefined;

async function pinnedIn(text: string): ReturnType<typeof pinnedQueriesOf> {
  dir = await mkdtemp(join(tmpdir(), 'pinned-'));
  await writeFile(join(dir, 'fixture.test.ts'), text);
  return pinnedQueriesOf(join(dir, 'fixture.test.ts'), dir);
}

afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('the pinned queries of the fixture test', () => {
  it('are its rowsOf calls and its literal queries, once each, with the relations they read', async () => {
    const pinned = await pinnedIn(`
      function rowsOf(relation, key) { return built.engine.query(\`select * from \${relation} order by \${key}\`); }
      expect(await rowsOf('analytics.fact_deals', 'deal_id')).toEqual([]);
      expect(await rowsOf('analytics.fact_deals', 'deal_id')).toEqual([]);
      expect(await rowsOf( 'analytics.fact_deal_stage_history', 'deal_id, change_sequence' )).toEqual([]);
      expect(await built.engine.query('select min(date_day) as first_day from analytics.dim_dates')).toEqual([]);
      expect(await built.engine.query(\`select count(*) as n from analytics.fact_orders join analytics.dim_products using (product_id)\`)).toEqual([]);
    `);
    expect(pinned).toEqual([
      { sql: 'select * from analytics.fact_deals order by deal_id', relations: ['analytics.fact_deals'] },
      { sql: 'select * from analytics.fact_deal_stage_history order by deal_id, change_sequence', relations: ['analytics.fact_deal_stage_history'] },
      { sql: 'select min(date_day) as first_day from analytics.dim_dates', relations: ['analytics.dim_dates'] },
      { sql: 'select count(*) as n from analytics.fact_orders join analytics.dim_products using (product_id)', relations: ['analytics.fact_orders', 'analytics.dim_products'] },
    ]);
  });

  it('must exist, or the run names the file', async () => {
    await expect(pinnedIn('expect(1).toBe(1);')).rejects.toThrow("fixture.test.ts: no rowsOf('<schema.table>', '<order by>') or .query('<sql>') call found");
  });
});
