import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDocsSite } from '../../../lib/docs/write-docs-site.ts';
import type { Plan } from '../../../lib/plan/plan.ts';
import { docsPlan } from '../docs-plan-fixture.ts';

let outDir: string;
beforeEach(() => {
  outDir = mkdtempSync(join(tmpdir(), 'crm-docs-incremental-'));
});
afterEach(() => rmSync(outDir, { recursive: true, force: true }));

/** docsPlan with fact_deals made incremental by `config`. */
function planWith(config: Partial<Plan['models'][number]['config']>, incrementalSql?: string): Plan {
  const plan = docsPlan();
  return {
    ...plan,
    models: plan.models.map((model) =>
      model.name === 'fact_deals' ? { ...model, config: { ...model.config, ...config }, ...(incrementalSql === undefined ? {} : { incrementalSql }) } : model,
    ),
  };
}

async function factPage(plan: Plan): Promise<string> {
  await writeDocsSite({ plan, outDir, warehouse: { state: 'absent', location: '/nowhere/warehouse.duckdb' }, generatedAt: new Date('2026-11-25T08:00:00Z') });
  return readFileSync(join(outDir, 'models/fact_deals.html'), 'utf8');
}

describe('the model page of an incremental model', () => {
  it("shows its strategy and on_schema_change (dbt's defaults when unset), the increment's SQL and its post-hooks", async () => {
    const page = await factPage(
      planWith(
        { materialized: 'incremental', uniqueKey: ['deal_id'], onSchemaChange: 'append_new_columns', postHook: ['delete from analytics.fact_deals where deal_id is null'] },
        'select deal_id from staging.stg_crm_deals where deal_id in (select distinct deal_id from raw.deals)',
      ),
    );
    expect(page).toContain('strategy delete+insert, on schema change append_new_columns');
    expect(page).toContain('id="increment-sql"');
    const text = page.replace(/<[^>]+>/g, '');
    expect(text).toContain('where deal_id in (select distinct deal_id from raw.deals)');
    expect(page).toContain('Post-hooks <span class="count">1</span>');
    expect(text).toContain('delete from analytics.fact_deals where deal_id is null');
  });

  it('shows none of it for a table', async () => {
    const page = await factPage(planWith({ materialized: 'table' }));
    expect(page).not.toContain('on schema change');
    expect(page).not.toContain('id="increment-sql"');
    expect(page).not.toContain('id="post-hooks"');
  });
});
