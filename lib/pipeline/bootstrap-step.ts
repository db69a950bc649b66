/**
 * Bootstrap: establish the run, then make sure the pipeline's database identity may do its work.
 *
 * 1. The run (`startRun`): refuse to start while another run is in progress
 *    (concurrency-guard.ts), read the input (run-input.ts) and compile the run's plan
 *    (run-plan.ts), whose checksum every later step verifies. A bad input or selector fails here,
 *    before anything is touched.
 * 2. The grants (`BootstrapGrantsStep`), as the namespace admin (the batches carry the admin
 *    secret), idempotently:
 *    - the pipeline's database role, granted explicitly to the database user the Data API derives
 *      from the step Lambdas' IAM role, `IAMR:<role name>` ("The database user name is derived
 *      from the IAM identity": https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_ExecuteStatement.html).
 *      Mapping it through the role's `RedshiftDbRoles` tag instead would need
 *      tag:GetResources/GetTagKeys, which the role does not have. The user is created
 *      (`password disable`: it only ever signs in through IAM) if the role has not connected yet,
 *      since GRANT ROLE needs an existing user
 *      (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_USER.html);
 *    - CREATE on the database (so the pipeline creates, and owns, its schemas);
 *    - the landing reader role for COPY to the database role only: Redshift lets PUBLIC, every
 *      user, assume a namespace's IAM roles until ASSUMEROLE is revoked from it
 *      (https://docs.aws.amazon.com/redshift/latest/dg/r_REVOKE-usage-notes.html), so it is revoked
 *      from PUBLIC and granted to the role (https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html).
 *    Redshift has no CREATE ROLE/USER IF NOT EXISTS, so their existence is asked first.
 *    With no admin secret configured (a warehouse where the pipeline already owns everything,
 *    such as the local Data API endpoint) this part is skipped.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Project } from '../project/project.ts';
import { quoteIdentifier } from '../engines/redshift-data/redshift-identifiers.ts';
import { redshiftString } from '../sql/literals.ts';
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
  /** The IAM role the step Lambdas submit SQL as; its database user is `IAMR:<name>`. */
  readonly pipelineRoleName: string;
  readonly database: string;
  /** The role COPY uses; the database role is allowed to use it. */
  readonly landingReaderRoleArn: string;
}

type GrantsMemo = {
  readonly phase: 'principals' | 'grants';
}

/** The database user the Data API signs an IAM role in as. */
export function iamRoleDatabaseUser(roleName: string): string {
  return `IAMR:${roleName}`;
}

export class BootstrapGrantsStep implements StepProgram {
  constructor(private readonly options: GrantsOptions) {}

  async advance(finished: FinishedBatch | undefined, memo: Memo, rows: RowReader): Promise<StepDecision> {
    if (!this.options.enabled) return { memo: {} };
    if (finished === undefined) {
      return {
        batch: { label: 'do the pipeline database role and user exist', sqls: [this.principalsQuery()], asAdmin: true },
        memo: { phase: 'principals' } satisfies GrantsMemo,
      };
    }
    if ((memo as unknown as GrantsMemo).phase === 'grants') return { memo: {} };
    const [row] = await rows(0);
    const statements = this.grantStatements({ role: Number(row?.role_present ?? 0) > 0, user: Number(row?.user_present ?? 0) > 0 });
    return { batch: { label: 'pipeline database role and grants', sqls: statements, asAdmin: true }, memo: { phase: 'grants' } satisfies GrantsMemo };
  }

  principalsQuery(): string {
    return `select (select count(*) from svv_roles where role_name = ${redshiftString(this.options.databaseRole)}) as role_present,
       (select count(*) from pg_user where usename = ${redshiftString(iamRoleDatabaseUser(this.options.pipelineRoleName))}) as user_present`;
  }

  grantStatements(exists: { readonly role: boolean; readonly user: boolean }): string[] {
    const role = quoteIdentifier(this.options.databaseRole);
    const user = quoteIdentifier(iamRoleDatabaseUser(this.options.pipelineRoleName));
    const reader = redshiftString(this.options.landingReaderRoleArn);
    return [
      ...(exists.role ? [] : [`create role ${role}`]),
      ...(exists.user ? [] : [`create user ${user} password disable`]),
      `grant role ${role} to ${user}`,
      `grant create on database ${quoteIdentifier(this.options.database)} to role ${role}`,
      `revoke assumerole on ${reader} from public for all`,
      `grant assumerole on ${reader} to role ${role} for copy`,
    ];
  }
}
