/**
 * Bootstrap: establish the run, then make sure the pipeline's database identity may do its work.
 *
 * 1. The run (`startRun`): refuse to start while another run is in progress
 *    (concurrency-guard.ts), read the input (run-input.ts) and compile the run's plan
 *    (run-plan.ts), whose checksum every later step verifies. A bad input or selector fails here,
 *    before anything is touched.
 * 2. The grants (`BootstrapGrantsStep`), as the namespace admin, idempotently: the database role
 *    the pipeline's IAM role is tagged with (`RedshiftDbRoles`), CREATE on the database (so the
 *    pipeline creates, and owns, its schemas), and use of the landing reader role for COPY.
 *    Redshift has no CREATE ROLE IF NOT EXISTS, so the role's existence is asked first.
 *    With no admin secret configured (a warehouse where the pipeline already owns everything,
 *    such as the local Data API endpoint) this part is skipped.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Project } from '../project/project.ts';
import { quoteIdentifier } from '../engines/redshift-data/redshift-identifiers.ts';
import { sqlString } from '../sql/literals.ts';
import { assertNoEarlierRun } from './concurrency-guard.ts';
import type { ExecutionFacts, RunContext } from './pipeline-contract.ts';
import { compileRunPlan } from './run-plan.ts';
import { runSettings } from './run-input.ts';
import type { FinishedBatch } from './data-api-batches.ts';
import type { Memo, RowReader, StepDecision, StepProgram } from './step-runner.ts';
import type { StepTelemetry } from './step-telemetry.ts';

export interface StartRunOptions {
  readonly sfn: SFNClient;
  readonly stateMachineArn: string;
  readonly project: Project;
  readonly timeZone: string;
  readonly telemetry: StepTelemetry;
}

export async function startRun(execution: ExecutionFacts, options: StartRunOptions): Promise<RunContext> {
  await assertNoEarlierRun(options.sfn, options.stateMachineArn, { executionArn: execution.id, startTime: execution.startTime });
  const settings = runSettings(execution.input, execution.startTime, options.timeZone);
  const runPlan = compileRunPlan(options.project, settings.runDate, settings.select);
  options.telemetry.info('run started', {
    runId: execution.name,
    runDate: settings.runDate,
    fullRefresh: settings.fullRefresh,
    select: settings.select,
    models: runPlan.selection.models.length,
    tests: runPlan.selection.tests.length,
    planChecksum: runPlan.checksum,
  });
  return {
    runId: execution.name,
    executionArn: execution.id,
    startedAt: new Date(execution.startTime).toISOString(),
    runDate: settings.runDate,
    fullRefresh: settings.fullRefresh,
    select: settings.select,
    planChecksum: runPlan.checksum,
  };
}

export interface GrantsOptions {
  /** Whether an admin secret is configured; without one the grants are skipped. */
  readonly enabled: boolean;
  readonly databaseRole: string;
  readonly database: string;
  /** The role COPY uses; the database role is allowed to use it. */
  readonly landingReaderRoleArn: string;
}

type GrantsMemo = {
  readonly phase: 'role' | 'grants';
}

export class BootstrapGrantsStep implements StepProgram {
  constructor(private readonly options: GrantsOptions) {}

  async advance(finished: FinishedBatch | undefined, memo: Memo, rows: RowReader): Promise<StepDecision> {
    if (!this.options.enabled) return { memo: {} };
    if (finished === undefined) {
      return {
        batch: { label: 'does the pipeline database role exist', sqls: [this.roleQuery()], asAdmin: true },
        memo: { phase: 'role' } satisfies GrantsMemo,
      };
    }
    if ((memo as unknown as GrantsMemo).phase === 'grants') return { memo: {} };
    const [row] = await rows(0);
    const exists = Number(row?.present ?? 0) > 0;
    return { batch: { label: 'pipeline database role and grants', sqls: this.grantStatements(exists), asAdmin: true }, memo: { phase: 'grants' } satisfies GrantsMemo };
  }

  roleQuery(): string {
    return `select count(*) as present from svv_roles where role_name = ${sqlString(this.options.databaseRole)}`;
  }

  grantStatements(roleExists: boolean): string[] {
    const role = quoteIdentifier(this.options.databaseRole);
    return [
      ...(roleExists ? [] : [`create role ${role}`]),
      `grant create on database ${quoteIdentifier(this.options.database)} to role ${role}`,
      `grant assumerole on ${sqlString(this.options.landingReaderRoleArn)} to role ${role} for copy`,
    ];
  }
}
