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

/**
 * A one-model incremental project for the chain check: `stg_deals` flags deals whose close date
 * has passed the run date; an increment re-derives the deals landed since the last build and the
 * table's deals that have come due since (`or` the second scope, `<` its boundary). Only an
 * increment runs that line, so the unit tests (there are none) and the fixture build (a full
 * build) cannot see its mutants. The chain in `test/fixtures/deal-chain` lands A, B (due 03-09)
 * and C on 03-08, D on 03-09 and E on 03-10: on 03-10 only B comes due, and it did not land
 * that day. A post_hook removes the landed deals without a close date through a macro, so a
 * mutant of the macro changes only the post_hook; in a fresh build every deal counts as landed.
 */
export const TINY_INCREMENTAL_FILES: Readonly<Record<string, string>> = {
  'sql/project.yml': layeredProjectYml({ run_date: '2026-03-10' }),
  'sql/sources.yml': crmSourcesYml({ deals: { deal_id: 'varchar', close_date: 'date' } }),
  'sql/staging/stg_deals.sql': `select
    deal_id,
    close_date,
    close_date < cast('{{ var("run_date") }}' as date) as is_overdue
from {{ source('crm', 'deals') }}
{% if is_incremental() %}
where deal_id in ({{ landed_keys('deals', 'deal_id') }})
    or deal_id in (select deal_id from {{ this }} where not is_overdue and close_date < cast('{{ var("run_date") }}' as date))
{% endif %}
`,
  'sql/staging/schema.yml': `version: 2
models:
  - name: stg_deals
    config:
      materialized: incremental
      unique_key: deal_id
      post_hook:
        - "delete from {{ this }} where deal_id in ({{ undated_deals() }})"
    columns:
      - { name: deal_id, data_type: varchar }
      - { name: close_date, data_type: date }
      - { name: is_overdue, data_type: boolean }
`,
  'sql/macros/undated_deals.sql': `{% macro undated_deals() %}select deal_id from {{ source('crm', 'deals') }} where deal_id in ({{ landed_keys('deals', 'deal_id') }}) and close_date is null{% endmacro %}\n`,
  'test/fixtures/crm-landing/raw/deals/ingest_date=2026-03-08/deals.csv': 'deal_id,close_date\nA,2026-03-01\nB,2026-03-10\nC,2026-03-20\nU,\n',
  'test/models/fixture-build.test.ts': `expect(await rowsOf('staging.stg_deals', 'deal_id')).toEqual([...]);\n`,
  ...chainFiles('test/fixtures/deal-chain', [
    ['2026-03-08', 'A,2026-03-01\nB,2026-03-09\nC,2026-03-20\n'],
    ['2026-03-09', 'D,2026-03-30\n'],
    ['2026-03-10', 'E,2026-04-01\n'],
  ]),
};

/** A chain folder (lib/generate/chain-scenario.ts) landing one deals file a day. */
function chainFiles(dir: string, days: readonly (readonly [string, string])[]): Record<string, string> {
  const manifest = {
    scenario: 'incremental-chain',
    scale: 0,
    seed: 0,
    dirtyShare: 0,
    days: days.map(([date, rows], index) => ({
      day: index + 1,
      folder: `day-${index + 1}`,
      runDate: date,
      files: [{ table: 'deals', ingestDate: date, path: `raw/deals/ingest_date=${date}/deals.csv`, rows: rows.trim().split('\n').length, reLanded: false }],
      events: [],
    })),
  };
  return Object.fromEntries([
    [`${dir}/chain.json`, JSON.stringify(manifest)],
    ...days.map(([date, rows], index) => [`${dir}/day-${index + 1}/raw/deals/ingest_date=${date}/deals.csv`, `deal_id,close_date\n${rows}`]),
  ]);
}

export async function writeTinyProject(overrides: Readonly<Record<string, string>> = {}): Promise<string> {
  return new TempProjects('mutation-project').write({ ...TINY_FILES, ...overrides });
}

export async function writeTinyIncrementalProject(): Promise<string> {
  return new TempProjects('mutation-chain-project').write(TINY_INCREMENTAL_FILES);
}

export function tinySuite(root: string): FixtureSuite {
  return { projectRoot: root, landingDir: join(root, 'test/fixtures/crm-landing'), vars: {}, pinnedRowsTest: join(root, 'test/models/fixture-build.test.ts') };
}

/** The tiny suite with the incremental project's chain folder as the chain a mutant of an incremental model faces. */
export function tinyChainSuite(root: string): FixtureSuite {
  return { ...tinySuite(root), chain: { dir: join(root, 'test/fixtures/deal-chain') } };
}
