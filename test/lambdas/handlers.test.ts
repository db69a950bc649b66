/**
 * The thin handlers: environment, bundled project, clients and the step library wired together.
 * Prepare (environment, mocked clients) / act (invoke) / assess (what was sent and returned).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchExecuteStatementCommand, DescribeStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundledProjectJson } from '../../lib/pipeline/bundled-project.ts';
import type { StepRequest } from '../../lib/pipeline/pipeline-contract.ts';
import { crmProject } from '../pipeline/step-fixture.ts';

const sfn = mockClient(SFNClient);
const data = mockClient(RedshiftDataClient);
const execution = 'arn:aws:states:eu-west-1:123456789012:execution:CrmWarehouse-pipeline:run-1';

beforeAll(async () => {
  const folder = await mkdtemp(join(tmpdir(), 'handlers-'));
  const file = join(folder, 'project.json');
  await writeFile(file, bundledProjectJson(await crmProject()));
  vi.stubEnv('PROJECT_FILE', file);
  vi.stubEnv('WORKGROUP_NAME', 'crmwarehouse');
  vi.stubEnv('DATABASE_NAME', 'warehouse');
  vi.stubEnv('STATE_MACHINE_ARN', 'arn:aws:states:eu-west-1:123456789012:stateMachine:CrmWarehouse-pipeline');
  vi.stubEnv('DATABASE_ROLE', 'crm_pipeline');
  vi.stubEnv('LANDING_READER_ROLE_ARN', 'arn:aws:iam::123456789012:role/reader');
  vi.stubEnv('TIME_ZONE', 'Europe/Berlin');
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  vi.stubEnv('ADMIN_SECRET_ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift-admin');
  vi.stubEnv('PIPELINE_ROLE_NAME', 'CrmWarehouse-PipelineRole');
});

afterEach(() => {
  sfn.reset();
  data.reset();
});

const request = (overrides: Partial<StepRequest> = {}): StepRequest => ({
  run: {},
  step: { cursor: 0 },
  execution: { id: execution, name: 'run-1', startTime: '2026-11-24T23:30:00.000Z', input: { scheduled_time: '2026-11-24T23:30:00Z' } },
  ...overrides,
});

describe('the Bootstrap handler', () => {
  it('establishes the run (date in the schedule time zone, plan checksum) and asks, as the admin, whether the database role and user exist', async () => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    data.on(BatchExecuteStatementCommand).resolves({ Id: 'stmt-1' });
    const { handler } = await import('../../lambdas/bootstrap.ts');

    const response = await handler(request());

    expect(response.run).toMatchObject({ runId: 'run-1', executionArn: execution, runDate: '2026-11-25', fullRefresh: false, select: [], planChecksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(response.step).toMatchObject({ cursor: 1, statementId: 'stmt-1', done: false, waitSeconds: 2 });
    expect(data.commandCalls(BatchExecuteStatementCommand)[0]?.args[0].input).toMatchObject({
      WorkgroupName: 'crmwarehouse',
      Database: 'warehouse',
      SecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift-admin',
      Sqls: [expect.stringMatching(/role_name = 'crm_pipeline'[\s\S]*usename = 'IAMR:CrmWarehouse-PipelineRole'/)],
    });
  });

  it('needs the pipeline role name when it grants as the admin', async () => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    vi.stubEnv('PIPELINE_ROLE_NAME', '');
    const { handler } = await import('../../lambdas/bootstrap.ts');
    try {
      await expect(handler(request())).rejects.toThrow('the step Lambda is missing environment variables: PIPELINE_ROLE_NAME');
    } finally {
      vi.stubEnv('PIPELINE_ROLE_NAME', 'CrmWarehouse-PipelineRole');
    }
  });

  it('fails with RunAlreadyInProgress, before any SQL, while an earlier run is going', async () => {
    sfn.on(ListExecutionsCommand).resolves({
      executions: [{ executionArn: `${execution}-earlier`, stateMachineArn: 'x', name: 'earlier', status: 'RUNNING', startDate: new Date('2026-11-24T20:00:00Z') }],
    });
    const { handler } = await import('../../lambdas/bootstrap.ts');
    await expect(handler(request())).rejects.toMatchObject({ name: 'RunAlreadyInProgress' });
    expect(data.commandCalls(BatchExecuteStatementCommand)).toHaveLength(0);
  });
});

describe('the layer handler', () => {
  it('builds the layer named by LAYER, after checking the plan checksum', async () => {
    sfn.on(ListExecutionsCommand).resolves({ executions: [] });
    data.on(BatchExecuteStatementCommand).resolves({ Id: 'stmt-1' });
    const bootstrap = await import('../../lambdas/bootstrap.ts');
    const { run } = await bootstrap.handler(request());
    data.reset();
    data.on(BatchExecuteStatementCommand).resolves({ Id: 'stmt-2' });
    data.on(DescribeStatementCommand).resolves({ Id: 'stmt-2', Status: 'FINISHED', SubStatements: [] });
    vi.stubEnv('LAYER', 'staging');
    const { handler } = await import('../../lambdas/build-layer.ts');

    const response = await handler(request({ run }));

    expect(response.step).toMatchObject({ cursor: 1, statementId: 'stmt-2', done: false });
    // The staging layer has incremental tables: its first batch asks the catalog which of them are published.
    expect(data.commandCalls(BatchExecuteStatementCommand)[0]?.args[0].input.Sqls).toEqual(
      expect.arrayContaining([expect.stringContaining("'staging.stg_crm_activities'")]),
    );
    expect(data.commandCalls(BatchExecuteStatementCommand)[0]?.args[0].input.SecretArn).toBeUndefined();
    await expect(handler(request({ run: { ...run, planChecksum: 'f'.repeat(64) } }))).rejects.toMatchObject({ name: 'PlanChanged' });
  });

  it('refuses to run without a run or with an unknown layer', async () => {
    vi.stubEnv('LAYER', 'staging');
    const { handler } = await import('../../lambdas/build-layer.ts');
    await expect(handler(request())).rejects.toThrow(/invoked without a run/);
    vi.stubEnv('LAYER', 'gold');
    await expect(handler(request())).rejects.toThrow("LAYER must be one of staging, dimensions, facts, intermediate, marts, got 'gold'");
  });

  it('names every missing environment variable', async () => {
    vi.stubEnv('LAYER', '');
    const { handler } = await import('../../lambdas/build-layer.ts');
    await expect(handler(request())).rejects.toThrow('the step Lambda is missing environment variables: LAYER');
  });
});
