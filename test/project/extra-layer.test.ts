/**
 * Adding a layer is a change to sql/project.yml and a folder: a project with a layer the repository does
 * not have (`semantic`, between staging and marts) compiles, builds on DuckDB through the runner, and
 * the synthesized state machine builds it in a step of its own, between the steps of its neighbours.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../lib/engines/duckdb/duckdb-engine.ts';
import { loadLanding } from '../../lib/engines/duckdb/raw-loader.ts';
import { createCrmWarehouseApp } from '../../lib/infra/crm-warehouse-app.ts';
import { Pipeline } from '../../lib/infra/pipeline.ts';
import { PropsError } from '../../lib/infra/props-problems.ts';
import type { Plan } from '../../lib/plan/plan.ts';
import { compileProject } from '../../lib/project/compile.ts';
import { loadProject } from '../../lib/project/load-project.ts';
import { executePlan } from '../../lib/runner/execute-plan.ts';
import { cdkJsonContext, flatten } from '../infra/synth-app.ts';
import { crmSourcesYml } from './temp-project.ts';

const FILES: Readonly<Record<string, string>> = {
  'sql/project.yml': `name: crm
vars:
  run_date: '2026-03-10'
models:
  staging: { schema: staging, materialized: view }
  semantic: { schema: semantic, materialized: table, tags: [semantic] }
  marts: { schema: marts, materialized: table }
`,
  'sql/sources.yml': crmSourcesYml({ deals: { deal_id: 'varchar', amount: 'decimal(18,2)' } }),
  'sql/staging/stg_crm_deals.sql': "select deal_id, amount from {{ source('crm', 'deals') }}\n",
  'sql/semantic/sem_deal_sizes.sql': `select
    deal_id,
    amount,
    case when amount >= 100 then 'large' else 'small' end as deal_size
from {{ ref('stg_crm_deals') }}
`,
  'sql/semantic/schema.yml': `version: 2
models:
  - name: sem_deal_sizes
    columns:
      - name: deal_id
        tests: [unique, not_null]
`,
  'sql/marts/mart_deal_sizes.sql': `select deal_size, cast(count(*) as integer) as deal_count, sum(amount) as amount
from {{ ref('sem_deal_sizes') }}
group by deal_size
`,
  'landing/raw/deals/ingest_date=2026-03-08/deals.csv': 'deal_id,amount\nA,50\nB,100\nC,150\n',
};

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'extra-layer-'));
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a project with an extra layer', () => {
  let plan: Plan;

  it('compiles, carrying the layers in the order project.yml gives them', async () => {
    plan = compileProject(await loadProject(root), { target: 'duckdb' });
    expect(plan.layers).toEqual([
      { name: 'staging', schema: 'staging' },
      { name: 'semantic', schema: 'semantic' },
      { name: 'marts', schema: 'marts' },
    ]);
    expect(plan.models.map((model) => `${model.layer}: ${model.relation.schema}.${model.name}`)).toEqual([
      'staging: staging.stg_crm_deals',
      'semantic: semantic.sem_deal_sizes',
      'marts: marts.mart_deal_sizes',
    ]);
  });

  it('builds on DuckDB through the runner', async () => {
    const engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    try {
      await loadLanding(engine, { landingDir: join(root, 'landing'), sources: plan.sources, runId: 'extra-layer', maxLoadErrors: 0 });
      const result = await executePlan(engine, plan, {
        mode: 'build',
        runId: 'extra-layer',
        modelIds: plan.models.map((model) => model.id),
        testIds: plan.tests.map((test) => test.id),
        unitTestIds: [],
      });
      expect(result.results.filter((node) => node.status !== 'success' && node.status !== 'pass').map((node) => `${node.name}: ${node.status}`)).toEqual([]);
      expect(await engine.query('select deal_id, deal_size from semantic.sem_deal_sizes order by deal_id')).toEqual([
        { deal_id: 'A', deal_size: 'small' },
        { deal_id: 'B', deal_size: 'large' },
        { deal_id: 'C', deal_size: 'large' },
      ]);
      expect(await engine.query('select deal_size, deal_count from marts.mart_deal_sizes order by deal_size')).toEqual([
        { deal_size: 'large', deal_count: 2 },
        { deal_size: 'small', deal_count: 1 },
      ]);
    } finally {
      await engine.close();
    }
  });

  it('gets a build step of its own in the synthesized state machine, between its neighbours', async () => {
    const { stack } = await createCrmWarehouseApp({ projectRoot: root, context: cdkJsonContext(), bundling: false, nag: false });
    expect(stack.pipeline.stepNames).toEqual(['Bootstrap', 'LoadRawDay', 'SourceFreshness', 'Staging', 'Semantic', 'Marts', 'QualityChecks', 'Scoring', 'Publish']);
    const template = Template.fromStack(stack);
    const [resource] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as { Properties: { DefinitionString: unknown } }[];
    const definition = JSON.parse(flatten(resource?.Properties.DefinitionString)) as { States: Record<string, { Next?: string; Parameters?: Record<string, unknown> }> };
    // Staging's loop ends by entering Semantic, whose loop ends by entering Marts.
    expect(JSON.stringify(definition.States['Staging done?'])).toContain('"Next":"Semantic"');
    expect(JSON.stringify(definition.States['Semantic done?'])).toContain('"Next":"Marts"');
    const functions = Object.values(template.findResources('AWS::Lambda::Function')) as { Properties: { Environment?: { Variables?: Record<string, string> } } }[];
    expect(functions.map((fn) => fn.Properties.Environment?.Variables).filter((variables) => variables?.LAYER !== undefined).map((variables) => `${variables?.PIPELINE_STEP} ${variables?.LAYER}`)).toEqual([
      'Staging staging',
      'Semantic semantic',
      'Marts marts',
    ]);
    // The pipeline builds the layers it is given; leaving out a layer that has models is refused.
    const project = await loadProject(root);
    const partial = (): Pipeline =>
      new Pipeline(stack, 'PartialPipeline', {
        warehouse: stack.warehouse,
        landingBucket: stack.storage.landingBucket,
        landingPrefix: stack.storage.landingPrefix,
        notificationTopic: stack.notifications.topic,
        project,
        layers: [{ name: 'staging', schema: 'staging' }, { name: 'marts', schema: 'marts' }],
        stateMachineName: 'partial-pipeline',
      });
    let refused: unknown;
    try {
      partial();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(PropsError);
    expect((refused as PropsError).problems).toEqual(["layers must include every layer of the project's models; no step would build semantic"]);
  });
});
