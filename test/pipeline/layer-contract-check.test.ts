/**
 * The layer step checks the enforced contracts of the models it built, on their staged builds, in one
 * query at the end of the last build batch (no round trip of its own): a breach fails the step before
 * the model runs are recorded, so the run stops before Publish.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunContext, StepResponse } from '../../lib/pipeline/pipeline-contract.ts';
import { DataApiBatches } from '../../lib/pipeline/data-api-batches.ts';
import { LayerBuildStep } from '../../lib/pipeline/layer-build-step.ts';
import { advanceStep } from '../../lib/pipeline/step-runner.ts';
import type { PlanModel } from '../../lib/plan/plan.ts';
import { crmRunPlan, RecordingTelemetry, resultColumns, RUN, scriptedDataApi, type ScriptedStatement } from './step-fixture.ts';

const run: RunContext = { ...RUN, select: ['mart_revenue'] };

let api: ReturnType<typeof scriptedDataApi> | undefined;
afterEach(() => api?.mock.reset());

/** How Redshift's information_schema describes a declared type. */
function redshiftColumn(relation: string, name: string, declared: string): (string | number | null)[] {
  const decimal = /^decimal\((\d+),(\d+)\)$/.exec(declared);
  if (decimal !== null) return [relation, name, 'numeric', Number(decimal[1]), Number(decimal[2])];
  const spelled: Record<string, string> = { varchar: 'character varying', timestamp: 'timestamp without time zone', 'double precision': 'double precision' };
  return [relation, name, spelled[declared] ?? declared, null, null];
}

/** The answer to the batch whose statement at `index` is the contract query. */
function catalog(model: PlanModel, change: (rows: (string | number | null)[][]) => (string | number | null)[][], index: number): ScriptedStatement {
  const relation = `${model.relation.schema}.${model.relation.name}__wap`;
  const rows = change(model.columns.map((column) => redshiftColumn(relation, column.name, column.dataType ?? '')));
  return {
    results: {
      [index]: {
        columns: resultColumns({ relation_name: 'varchar', column_name: 'varchar', data_type: 'varchar', numeric_precision: 'int8', numeric_scale: 'int8' }),
        rows,
      },
    },
  };
}

/** Runs the marts step for mart_revenue alone, answering the contract query with `columns`. */
async function buildMartRevenue(columns: (model: PlanModel, index: number) => ScriptedStatement): Promise<{ responses: StepResponse[]; submitted: string[][] }> {
  api = scriptedDataApi();
  const runPlan = await crmRunPlan(['mart_revenue']);
  const model = runPlan.plan.models.find((each) => each.name === 'mart_revenue') as PlanModel;
  const program = new LayerBuildStep({ layer: 'marts', runPlan, runId: run.runId, fullRefresh: false, telemetry: new RecordingTelemetry() });
  const batches = new DataApiBatches(api.client, { workgroupName: 'crmwarehouse', database: 'warehouse', adminSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin' });
  const telemetry = new RecordingTelemetry();
  const responses: StepResponse[] = [];
  let response = await advanceStep({ step: 'Marts', run, cursor: 0 }, program, batches, telemetry);
  responses.push(response);
  while (!response.step.done) {
    const submitted = api.last();
    const contractQuery = submitted.sqls.findIndex((sql) => sql.startsWith('select table_schema'));
    api.script(submitted.id, contractQuery >= 0 ? columns(model, contractQuery) : {});
    response = await advanceStep({ step: 'Marts', run, cursor: response.step.cursor, statementId: response.step.statementId, memo: response.step.memo }, program, batches, telemetry);
    responses.push(response);
  }
  return { responses, submitted: api.submitted.map((batch) => batch.sqls) };
}

describe('enforced contracts in the layer step', () => {
  it("reads the staged build's columns in the batch that builds it, and records the model run when they keep the contract", async () => {
    const { submitted } = await buildMartRevenue((model, index) => catalog(model, (rows) => [...rows].reverse(), index));
    expect(submitted).toHaveLength(2);
    const creates = submitted[0]?.findIndex((sql) => sql.startsWith('create table "marts"."mart_revenue__wap"')) ?? -1;
    expect(creates).toBeGreaterThanOrEqual(0);
    expect(submitted[0]?.at(-1)).toEqual(expect.stringContaining("in ('marts.mart_revenue__wap')"));
    expect(submitted[1]?.[0]).toContain('insert into audit.model_runs');
  });

  it('fails the step naming each column, declared and built type, before the model run is recorded', async () => {
    const breach = buildMartRevenue((model, index) =>
      catalog(
        model,
        (rows) => rows.map((row): (string | number | null)[] => (row[1] === 'revenue_amount' ? [row[0] ?? null, 'revenue_amount', 'double precision', 53, null] : row)).filter((row) => row[1] !== 'order_count'),
        index,
      ),
    );
    await expect(breach).rejects.toThrow(
      'contract of mart_revenue not met, not published: column order_count is declared (integer) but not built; column revenue_amount is built as double, declared decimal(18,2)',
    );
    expect(api?.submitted).toHaveLength(1);
  });
});
