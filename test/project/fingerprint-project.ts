/**
 * A project on disk whose incremental fact reads a var through a macro and a staging view that reads
 * the run date: for the logic fingerprint's compile tests and the runner's rebuild-on-change tests.
 */
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import type { Plan, TargetName } from '../../lib/plan/plan.ts';
import { crmSourcesYml, layeredProjectYml } from './temp-project.ts';
import { writeProject } from './unit-test-project.ts';

export const FINGERPRINT_FILES: Readonly<Record<string, string>> = {
  'sql/project.yml': layeredProjectYml({ run_date: '2026-11-24', amount_factor: 1 }),
  'sql/sources.yml': crmSourcesYml({ deals: { deal_id: 'integer', version: 'integer', amount: 'integer' } }),
  'sql/staging/stg_crm_deals.sql': `select deal_id, amount
from (
    select deal_id, amount, row_number() over (partition by deal_id order by _loaded_at desc, version desc) as latest
    from {{ source('crm', 'deals') }}
    where _ingest_date <= cast('{{ var("run_date") }}' as date)
) versions
where latest = 1
`,
  'sql/macros/weighted.sql': `{% macro weighted(column) %}{{ column }} * {{ var('amount_factor') }}{% endmacro %}
`,
  'sql/facts/fact_deals.sql': `select deal_id, {{ weighted('amount') }} as weighted_amount
from {{ ref('stg_crm_deals') }}
{% if is_incremental() %}where deal_id in ({{ landed_keys('deals', 'deal_id') }}){% endif %}
`,
  'sql/facts/schema.yml': `version: 2
models:
  - name: fact_deals
    config:
      materialized: incremental
      unique_key: deal_id
`,
};

/** writeProject's own files this project does without. */
const LEFT_OUT = { 'sql/staging/stg_crm_accounts.sql': undefined, 'sql/staging/schema.yml': undefined };

/** The project with `files` replacing its own, compiled for `target` with `vars`. */
export async function compileFingerprintProject(target: TargetName, vars: Readonly<Record<string, unknown>>, files: Readonly<Record<string, string>> = {}): Promise<Plan> {
  const project = await loadProject(await writeProject({ ...LEFT_OUT, ...FINGERPRINT_FILES, ...files }));
  return compileProject(project, { target, vars });
}
