/**
 * docs/architecture.md, "Raw landing contract": any table may be empty or absent for a day and the warehouse must
 * still build. Here some tables have only a header (a valid, empty extract) and the others have no
 * folder at all (a zero-byte file is no empty extract but an unreadable one, which fails the load):
 * every model builds (facts empty), nothing ends in error; warnings (empty tables) are fine.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRealProject, errorsOf, type BuiltWarehouse } from './warehouse-build.ts';

const HEADER_ONLY: Readonly<Record<string, string>> = {
  deals: 'deal_id,deal_name,account_id,contact_id,owner_id,product_id,stage,amount,probability,expected_close_date,closed_at,is_deleted,created_at,updated_at',
  tickets: 'ticket_id,account_id,contact_id,subject,priority,status,channel,created_at,first_response_at,resolved_at,updated_at',
  accounts: 'account_id,account_name,industry,account_type,annual_revenue,employee_count,country,city,owner_id,is_deleted,created_at,updated_at',
};

let landing: string;
let built: BuiltWarehouse;

beforeAll(async () => {
  landing = await mkdtemp(join(tmpdir(), 'empty-landing-'));
  const write = async (table: string, text: string): Promise<void> => {
    const folder = join(landing, 'raw', table, 'ingest_date=2026-03-09');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, `${table}.csv`), text);
  };
  for (const [table, header] of Object.entries(HEADER_ONLY)) await write(table, `${header}\n`);
  built = await buildRealProject(landing, { run_date: '2026-03-10' });
});

afterAll(async () => {
  await built?.engine.close();
  await rm(landing, { recursive: true, force: true });
});

describe('a build from empty and missing raw tables', () => {
  it('loads nothing and rejects nothing', async () => {
    expect(built.load.totals).toMatchObject({ rowsLoaded: 0, rowsRejected: 0 });
    expect(await built.engine.query('select table_name, reason from audit.load_errors')).toEqual([]);
  });

  it('completes with no error and skips nothing', () => {
    expect(errorsOf(built.result)).toEqual([]);
    expect(built.result.counts.skip).toBe(0);
    expect(built.result.success).toBe(true);
  });

  it('builds every model', () => {
    const builtModels = built.result.results.filter((node) => node.resourceType === 'model' && node.status === 'success');
    expect(builtModels.map((node) => node.id).sort()).toEqual(built.plan.models.map((model) => model.id).sort());
  });

  it('leaves every fact table empty', async () => {
    for (const fact of built.plan.models.filter((model) => model.layer === 'facts')) {
      const [counted] = await built.engine.query(`select count(*) as row_count from ${fact.relation.schema}.${fact.relation.name}`);
      expect(Number(counted?.row_count), fact.name).toBe(0);
    }
  });

  it('reports the empty tables as warnings, not errors', () => {
    const warned = built.result.results.filter((node) => node.status === 'warn').map((node) => node.name);
    expect(warned).toContain('not_empty_fact_deals');
  });
});
