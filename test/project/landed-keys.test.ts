import { afterAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectError, ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { renderTemplate, scanTemplate } from '../../lib/project/template.ts';
import { PROJECT_ROOT } from '../models/warehouse-build.ts';
import { removeProjects, writeProject } from './unit-test-project.ts';

afterAll(removeProjects);

const INCREMENTAL = `{{ config(materialized='incremental', unique_key='deal_id') }}
select deal_id, amount from {{ ref('stg_crm_deals') }}
{% if is_incremental() %}
where deal_id in ({{ landed_keys('deals', 'deal_id') }})
{% endif %}`;

const SINCE_LAST_BUILD =
  "select distinct deal_id from raw.deals where _loaded_at > (select coalesce(max(loaded_through), cast('1900-01-01' as timestamp)) from audit.incremental_state where model_id = 'model.crm.fact_deals')";

async function compiled(files: Readonly<Record<string, string | undefined>>) {
  return compileProject(await loadProject(await writeProject(files)), { target: 'duckdb' });
}

async function loadErrors(files: Readonly<Record<string, string | undefined>>): Promise<string[]> {
  try {
    await loadProject(await writeProject(files));
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to be rejected');
}

describe('landed_keys()', () => {
  it("renders the keys landed since the model's last recorded build, in the increment only", async () => {
    const plan = await compiled({ 'sql/facts/fact_deals.sql': INCREMENTAL });
    const fact = plan.models.find((model) => model.name === 'fact_deals');
    expect(fact?.incrementalSql).toContain(`where deal_id in (${SINCE_LAST_BUILD})`);
    expect(fact?.sql).not.toContain('landed');
    expect(fact?.sql).not.toContain('incremental_state');
  });

  it('makes the model depend on the source it reads keys from', async () => {
    const plan = await compiled({ 'sql/facts/fact_deals.sql': INCREMENTAL.replace("landed_keys('deals', 'deal_id')", "landed_keys('accounts', 'account_id')") });
    expect(plan.models.find((model) => model.name === 'fact_deals')?.dependsOn).toEqual({
      models: ['model.crm.stg_crm_deals'],
      sources: ['source.crm.accounts'],
    });
  });

  it('works in a project macro, its arguments the macro parameters, source_name by keyword', async () => {
    const plan = await compiled({
      'sql/macros/changed.sql': `{% macro changed_keys(table, key) %}{{ landed_keys(table, key, source_name='crm') }}{% endmacro %}`,
      'sql/facts/fact_deals.sql': INCREMENTAL.replace("landed_keys('deals', 'deal_id')", "changed_keys('deals', 'deal_id')"),
    });
    expect(plan.models.find((model) => model.name === 'fact_deals')?.incrementalSql).toContain(SINCE_LAST_BUILD);
  });

  it('is an error, with file and line, outside an incremental model: a table, a singular test, a macro a table calls', async () => {
    expect(
      await loadErrors({
        'sql/macros/changed.sql': `{% macro changed_keys() %}{{ landed_keys('deals', 'deal_id') }}{% endmacro %}`,
        'sql/facts/fact_deals.sql': `select deal_id from {{ ref('stg_crm_deals') }}\n{% if is_incremental() %}\nwhere deal_id in ({{ landed_keys('deals', 'deal_id') }})\n{% endif %}`,
        'sql/marts/mart_deals.sql': `select deal_id from {{ ref('fact_deals') }}\nwhere deal_id in ({{ changed_keys() }})`,
        'sql/tests/assert_landed.sql': `\nselect * from ({{ landed_keys('deals', 'deal_id') }}) keys`,
      }),
    ).toEqual([
      "sql/facts/fact_deals.sql:3: landed_keys() is only available in an incremental model (materialized='incremental'): it reads the model's last build from audit.incremental_state, and model 'fact_deals' is materialized as table",
      "sql/marts/mart_deals.sql:2: landed_keys() is only available in an incremental model (materialized='incremental'): it reads the model's last build from audit.incremental_state, and model 'mart_deals' is materialized as table",
      "sql/tests/assert_landed.sql:2: landed_keys() is only available in an incremental model (materialized='incremental'): it reads the model's last build from audit.incremental_state, and 'assert_landed' is a singular test",
    ]);
  });

  it('names an unknown source table with a suggestion', async () => {
    expect(await loadErrors({ 'sql/facts/fact_deals.sql': INCREMENTAL.replace("landed_keys('deals'", "landed_keys('deal'") })).toEqual([
      "sql/facts/fact_deals.sql:4: unknown source 'crm.deal' in source('crm', 'deal'); did you mean 'crm.deals'?",
    ]);
    const context = { target: 'duckdb' as const, vars: {}, isIncremental: true, resolveRef: () => undefined, resolveSource: () => undefined, knownSources: ['crm.deals'], landedKeys: { since: 'last build' as const, modelId: 'model.crm.x' } };
    expect(() => renderTemplate(`{{ landed_keys('deal', 'deal_id') }}`, 'sql/facts/x.sql', context)).toThrow(
      "sql/facts/x.sql:1: unknown source 'crm.deal' in source('crm', 'deal'); did you mean 'crm.deals'?",
    );
  });

  it('refuses wrong arguments and a key that is not a column name', () => {
    const context = { target: 'duckdb' as const, vars: {}, isIncremental: true, resolveRef: () => undefined, resolveSource: () => 'raw.deals', landedKeys: { since: 'last build' as const, modelId: 'model.crm.x' } };
    const failure = (text: string): string => {
      try {
        renderTemplate(text, 'sql/facts/x.sql', context);
      } catch (error) {
        if (error instanceof ProjectError) return error.message;
        throw error;
      }
      throw new Error(`expected ${text} to fail`);
    };
    const usage = "landed_keys takes (table, key, source_name): a quoted source table, its key column and optionally the source (default 'crm'), as in landed_keys('deals', 'deal_id')";
    expect(failure(`{{ landed_keys('deals') }}`)).toBe(`sql/facts/x.sql:1: wrong arguments in '{{ landed_keys('deals') }}': missing 'key'; ${usage}`);
    expect(failure(`{{ landed_keys('deals', 'deal_id', 'crm', 'x') }}`)).toBe(`sql/facts/x.sql:1: wrong arguments in '{{ landed_keys('deals', 'deal_id', 'crm', 'x') }}': 4 arguments given; ${usage}`);
    expect(failure(`{{ landed_keys('deals', key='deal_id', keys='x') }}`)).toBe(`sql/facts/x.sql:1: wrong arguments in '{{ landed_keys('deals', key='deal_id', keys='x') }}': unknown argument 'keys'; ${usage}`);
    expect(failure(`{{ landed_keys('deals', 'deal_id', table='x') }}`)).toBe(`sql/facts/x.sql:1: wrong arguments in '{{ landed_keys('deals', 'deal_id', table='x') }}': argument 'table' given twice; ${usage}`);
    expect(failure(`{{ landed_keys('deals', 3) }}`)).toBe(`sql/facts/x.sql:1: wrong arguments in '{{ landed_keys('deals', 3) }}': 'key' must be a quoted name; ${usage}`);
    expect(failure(`{{ landed_keys('deals', 'deal_id || 1') }}`)).toBe("sql/facts/x.sql:1: landed_keys() takes a key column name, got 'deal_id || 1'");
    const { landedKeys: _landedKeys, ...outside } = context;
    expect(() => renderTemplate(`{{ landed_keys('deals', 'deal_id') }}`, 'sql/facts/x.sql', outside)).toThrow("sql/facts/x.sql:1: landed_keys() is only available in an incremental model");
  });

  it("gives every key of a table a CRM system's mapping provides, whose rows change when other objects land", async () => {
    const project = await loadProject(PROJECT_ROOT);
    const increment = (crmSource: string) =>
      compileProject(project, { target: 'duckdb', vars: { crm_source: crmSource } }).models.find((model) => model.name === 'fact_activities')?.incrementalSql ?? '';
    expect(increment('salesforce')).toContain('where activity_id in (select distinct activity_id from staging.stg_salesforce__activities)');
    expect(increment('generic')).toContain("where activity_id in (select distinct activity_id from raw.activities where _loaded_at > (select coalesce(max(loaded_through)");
  });

  it('renders every given key in a unit test, reading no audit table', () => {
    const context = { target: 'duckdb' as const, vars: {}, isIncremental: true, resolveRef: () => undefined, resolveSource: () => '__given_source__crm__deals', landedKeys: { since: 'every given row' as const } };
    expect(renderTemplate(`{{ landed_keys('deals', 'deal_id') }}`, 'sql/facts/x.sql', context)).toBe('select distinct deal_id from __given_source__crm__deals');
  });

  it('is scanned with the branch it is rendered in', () => {
    const scan = scanTemplate(
      `{% if is_incremental() %}{{ landed_keys('deals', 'deal_id') }}{% else %}{{ source('crm', 'accounts') }}{% if is_incremental() %}{{ this }}{% endif %}{% endif %}`,
      'sql/facts/x.sql',
    );
    expect(scan.sources.map((source) => [source.tableName, source.when])).toEqual([
      ['deals', 'incremental'],
      ['accounts', 'full'],
    ]);
    expect(scan.landedKeys).toEqual([{ line: 1, when: 'incremental' }]);
    expect(scan.thisUses).toEqual([{ line: 1, when: 'never' }]);
  });
});
