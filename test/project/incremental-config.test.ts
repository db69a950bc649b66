import { afterAll, describe, expect, it } from 'vitest';
import { compareWithState } from '../../lib/project/state-comparison.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { ProjectErrors } from '../../lib/project/errors.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { removeProjects, writeProject } from './unit-test-project.ts';

afterAll(removeProjects);

const FACT = `select deal_id, amount from {{ ref('stg_crm_deals') }}`;

async function load(files: Readonly<Record<string, string | undefined>>) {
  return loadProject(await writeProject({ 'sql/facts/fact_deals.sql': FACT, ...files }));
}

async function errors(files: Readonly<Record<string, string | undefined>>): Promise<string[]> {
  try {
    await load(files);
  } catch (error) {
    if (error instanceof ProjectErrors) return error.errors.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected the project to be rejected');
}

function schemaWithConfig(config: string): string {
  return `version: 2\nmodels:\n  - name: fact_deals\n    config:\n${config}`;
}

describe('incremental config', () => {
  it('compiles incremental_strategy, on_schema_change and post_hook from config() over schema.yml, hooks adding up', async () => {
    const project = await load({
      'sql/facts/schema.yml': schemaWithConfig(
        "      materialized: incremental\n      unique_key: deal_id\n      incremental_strategy: merge\n      on_schema_change: ignore\n      post_hook: \"delete from {{ this }} where deal_id not in (select deal_id from {{ ref('stg_crm_deals') }})\"\n",
      ),
      'sql/facts/fact_deals.sql': `{{ config(on_schema_change='append_new_columns', post_hook=['analyze {{ this }}']) }}\n${FACT}`,
    });
    const plan = compileProject(project, { target: 'duckdb' });
    const fact = plan.models.find((model) => model.name === 'fact_deals');
    expect(fact?.config).toMatchObject({
      materialized: 'incremental',
      uniqueKey: ['deal_id'],
      incrementalStrategy: 'merge',
      onSchemaChange: 'append_new_columns',
      postHook: ['delete from analytics.fact_deals where deal_id not in (select deal_id from staging.stg_crm_deals)', 'analyze analytics.fact_deals'],
    });
  });

  it('leaves the config out when it is not set, so the runtime applies the defaults', async () => {
    const plan = compileProject(await load({ 'sql/facts/fact_deals.sql': `{{ config(materialized='incremental', unique_key='deal_id') }}\n${FACT}` }), { target: 'duckdb' });
    const config = plan.models.find((model) => model.name === 'fact_deals')?.config;
    expect(config).not.toHaveProperty('incrementalStrategy');
    expect(config).not.toHaveProperty('onSchemaChange');
    expect(config).not.toHaveProperty('postHook');
  });

  it('makes a post_hook read what it refs', async () => {
    const project = await load({
      'sql/facts/fact_deals.sql': `{{ config(post_hook="delete from {{ this }} where deal_id in (select account_id from {{ ref('stg_crm_accounts') }})") }}\n${FACT}`,
    });
    const fact = compileProject(project, { target: 'duckdb' }).models.find((model) => model.name === 'fact_deals');
    expect(fact?.dependsOn.models).toEqual(['model.crm.stg_crm_accounts', 'model.crm.stg_crm_deals']);
  });

  it('names the file, line and allowed values of an unknown strategy or on_schema_change', async () => {
    expect(
      await errors({
        'sql/facts/fact_deals.sql': `{{ config(materialized='incremental', unique_key='deal_id') }}\n{{ config(incremental_strategy='upsert') }}\n${FACT}`,
        'sql/facts/schema.yml': schemaWithConfig('      on_schema_change: evolve\n      post_hook: [""]\n'),
      }),
    ).toEqual([
      "sql/facts/schema.yml: models[0].config.on_schema_change: unknown on_schema_change 'evolve' (one of fail, ignore, append_new_columns, sync_all_columns)",
      'sql/facts/schema.yml: models[0].config.post_hook[0]: must not be empty',
      "sql/facts/fact_deals.sql:2: config incremental_strategy: unknown incremental_strategy 'upsert' (one of delete+insert, merge, append)",
    ]);
  });

  it('requires unique_key for delete+insert (the default) and merge, not for append', async () => {
    expect(await errors({ 'sql/facts/fact_deals.sql': `{{ config(materialized='incremental') }}\n${FACT}` })).toEqual([
      "sql/facts/fact_deals.sql:1: incremental model 'fact_deals' uses incremental_strategy 'delete+insert' (the default), which replaces rows by unique_key, but declares no unique_key: set unique_key to the columns that identify a row, or incremental_strategy='append' to insert every increment row",
    ]);
    expect(
      await errors({
        'sql/facts/fact_deals.sql': FACT,
        'sql/facts/schema.yml': schemaWithConfig('      materialized: incremental\n      incremental_strategy: merge\n'),
      }),
    ).toEqual([
      "sql/facts/schema.yml: models[0].config.incremental_strategy: incremental model 'fact_deals' uses incremental_strategy 'merge', which replaces rows by unique_key, but declares no unique_key: set unique_key to the columns that identify a row, or incremental_strategy='append' to insert every increment row",
    ]);
    const appended = await load({ 'sql/facts/fact_deals.sql': `{{ config(materialized='incremental', incremental_strategy='append') }}\n${FACT}` });
    expect(appended.models.find((model) => model.name === 'fact_deals')?.incrementalStrategy).toBe('append');
  });

  it('refuses incremental_strategy and on_schema_change on a model that is not incremental', async () => {
    expect(
      await errors({
        'sql/facts/fact_deals.sql': `{{ config(incremental_strategy='append') }}\n${FACT}`,
        'sql/facts/schema.yml': schemaWithConfig('      on_schema_change: ignore\n'),
      }),
    ).toEqual([
      "sql/facts/fact_deals.sql:1: model 'fact_deals' sets incremental_strategy, which only an incremental model uses, but it is materialized as table: set materialized='incremental' or remove incremental_strategy",
      "sql/facts/schema.yml: models[0].config.on_schema_change: model 'fact_deals' sets on_schema_change, which only an incremental model uses, but it is materialized as table: set materialized='incremental' or remove on_schema_change",
    ]);
  });

  it('reports a broken post_hook where it is written, naming the model', async () => {
    const project = await load({
      'sql/facts/schema.yml': schemaWithConfig("      post_hook: [\"select 1\", \"delete from {{ ref('stg_crm_deal') }}\"]\n"),
    });
    expect(() => compileProject(project, { target: 'duckdb' })).toThrow(
      "sql/facts/schema.yml: models[0].config.post_hook[1]: post_hook of model 'fact_deals': unknown model 'stg_crm_deal' in ref('stg_crm_deal'); did you mean 'stg_crm_deals'?",
    );
  });

  it('marks a model whose strategy, on_schema_change or post_hook changed as state:modified.configs', async () => {
    const plan = async (config: string) =>
      compileProject(await load({ 'sql/facts/fact_deals.sql': `{{ config(materialized='incremental', unique_key='deal_id'${config}) }}\n${FACT}` }), { target: 'duckdb' });
    const before = await plan('');
    for (const config of [", incremental_strategy='merge'", ", on_schema_change='ignore'", ", post_hook='select 1'"]) {
      expect(compareWithState(await plan(config), before)['modified.configs']).toEqual(new Set(['model.crm.fact_deals']));
    }
  });
});
