/** A small SQL project on disk for the unit test loader and compiler tests: one source, three models. */
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import type { Project } from '../../lib/project/project.ts';
import { crmSourcesYml, layeredProjectYml, TempProjects } from './temp-project.ts';

export const BASE_FILES: Readonly<Record<string, string>> = {
  'sql/project.yml': layeredProjectYml({ run_date: '2026-11-24', min_amount: 0 }),
  'sql/sources.yml': crmSourcesYml({
    deals: { deal_id: 'varchar', account_id: 'varchar', amount: 'decimal(18,2)', updated_at: 'timestamp' },
    accounts: { account_id: 'varchar', account_name: 'varchar' },
  }),
  'sql/staging/stg_crm_deals.sql': `-- Deals, latest version.
select deal_id, account_id, amount, updated_at, _ingest_date
from {{ source('crm', 'deals') }}
where amount >= {{ var('min_amount') }}
`,
  'sql/staging/stg_crm_accounts.sql': `select account_id, account_name from {{ source('crm', 'accounts') }}`,
  'sql/staging/schema.yml': `version: 2
models:
  - name: stg_crm_deals
    columns:
      - { name: deal_id, data_type: varchar }
      - { name: amount, data_type: 'decimal(18,2)' }
      - { name: account_id }
`,
  'sql/facts/fact_deals.sql': `with

deals as (
    select * from {{ ref('stg_crm_deals') }}
),

accounts as (
    select * from {{ ref('stg_crm_accounts') }}
)

select
    deals.deal_id,
    accounts.account_name,
    cast(deals.amount * 2 as decimal(18,2)) as double_amount,
    cast('{{ var("run_date") }}' as date) as run_date
from deals
left join accounts on deals.account_id = accounts.account_id
`,
};

const projects = new TempProjects('unit-test-project');

/** A project in a fresh temp folder: BASE_FILES plus `files` (a file mapped to undefined is left out). */
export async function writeProject(files: Readonly<Record<string, string | undefined>>): Promise<string> {
  return projects.write({ ...BASE_FILES, ...files });
}

export async function removeProjects(): Promise<void> {
  await projects.removeAll();
}

/** `sql/facts/schema.yml` declaring `unitTests` (YAML text of the list's items, indented by two). */
export function factsSchema(unitTests: string): string {
  return `version: 2\nmodels:\n  - name: fact_deals\nunit_tests:\n${unitTests}`;
}

export async function loadWithUnitTests(unitTests: string): Promise<Project> {
  return loadProject(await writeProject({ 'sql/facts/schema.yml': factsSchema(unitTests) }));
}

/** The messages of the ProjectErrors that loading (or `afterLoad`) throws. */
export async function unitTestErrors(unitTests: string, afterLoad: (project: Project) => unknown = () => undefined): Promise<string[]> {
  try {
    afterLoad(await loadWithUnitTests(unitTests));
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to be rejected');
}
