/**
 * A one-model project on disk for the end-to-end mutation tests: `fact_big_deals` keeps deals of
 * at least 100. Its unit test gives amounts 150 and 20 only, so it cannot tell `>= 100` from
 * `> 100`; the fixture landing has a deal of exactly 100, which the pinned rows catch; and no
 * amount lies between 99 and 100, so `>= 99` survives everything.
 */
import { join } from 'node:path';
import type { FixtureSuite } from '../../lib/mutation/fixture-suite.ts';
import { crmSourcesYml, layeredProjectYml, TempProjects } from '../project/temp-project.ts';

export const TINY_FILES: Readonly<Record<string, string>> = {
  'sql/project.yml': layeredProjectYml({ run_date: '2026-03-10' }),
  'sql/sources.yml': crmSourcesYml({ deals: { deal_id: 'varchar', amount: 'decimal(18,2)' } }),
  'sql/facts/fact_big_deals.sql': `-- Deals of at least 100: where amount >= 1000 is a comment, not code.
select deal_id, amount
from {{ source('crm', 'deals') }}
where amount >= 100
`,
  'sql/facts/schema.yml': `version: 2
models:
  - name: fact_big_deals
    columns:
      - name: deal_id
        data_type: varchar
        tests: [not_null]
      - { name: amount, data_type: 'decimal(18,2)' }
unit_tests:
  - name: fact_big_deals_drops_small_deals
    model: fact_big_deals
    given:
      - input: source('crm', 'deals')
        rows:
          - { deal_id: D1, amount: 150 }
          - { deal_id: D2, amount: 20 }
    expect:
      rows:
        - { deal_id: D1, amount: 150 }
`,
  'test/fixtures/crm-landing/raw/deals/ingest_date=2026-03-08/deals.csv': 'deal_id,amount\nA,50\nB,100\nC,150\n',
  'test/models/fixture-build.test.ts': `expect(await rowsOf('analytics.fact_big_deals', 'deal_id')).toEqual([...]);\n`,
};

export async function writeTinyProject(overrides: Readonly<Record<string, string>> = {}): Promise<string> {
  return new TempProjects('mutation-project').write({ ...TINY_FILES, ...overrides });
}

export function tinySuite(root: string): FixtureSuite {
  return { projectRoot: root, landingDir: join(root, 'test/fixtures/crm-landing'), vars: {}, pinnedRowsTest: join(root, 'test/models/fixture-build.test.ts') };
}
