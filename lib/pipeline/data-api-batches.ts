/**
 * Submitting and reading Redshift Data API batches without waiting for them: the state machine
 * waits (pipeline-contract.ts). A batch is one BatchExecuteStatement, which the Data API runs as
 * one transaction, so each batch commits whole or not at all.
 *
 * Every submit carries a ClientToken derived from the execution, the step and the cursor: a
 * Lambda retried after it submitted (a timeout, a lost response) gets the same statement back
 * instead of running the batch twice. The SQL must then be the same on the retry, which is why
 * the steps put the run's start time, never "now", into what they write.
 */
import { createHash } from 'node:crypto';
import {
  BatchExecuteStatementCommand,
  DescribeStatementCommand,
  type RedshiftDataClient,
  type SubStatementData,
} from '@aws-sdk/client-redshift-data';
import type { Row } from '../engines/engine.ts';
import { checkTransactionFits } from '../engines/redshift-data/batch-limits.ts';
import { readResult } from '../engines/redshift-data/result-pages.ts';
import { RetriesExhaustedError, type RetryPolicy } from '../engines/redshift-data/retry-policy.ts';
import { failedStatementError, type Submitted } from '../engines/redshift-data/statement-errors.ts';
import { RUNNING_STATEMENT_STATES } from './pipeline-contract.ts';
import { PipelineError, StatementFailedError, serviceCall, translateServiceError } from './pipeline-errors.ts';
import { PIPELINE_ERRORS } from './pipeline-contract.ts';

export interface Batch {
  /** What the batch does, for logs and error messages ("build dimensions 1/2"). */
  readonly label: string;
  readonly sqls: readonly string[];
  /** Run as the namespace admin (Bootstrap's grants), through the admin secret. @default false */
  readonly asAdmin?: boolean;
}

export interface DataApiTarget {
  readonly workgroupName: string;
  readonly database: string;
  /** The admin secret; batches with `asAdmin` need it. */
  readonly adminSecretArn?: string;
}

/** A batch that ran to the end: its sub-statements as DescribeStatement reports them, in order. */
export interface FinishedBatch {
  readonly id: string;
  readonly subStatements: readonly SubStatementData[];
  /** Seconds Redshift spent on the batch. */
  readonly seconds: number;
}

/** Results are read in one attempt: a throttled read fails the Lambda, and the state machine retries it. */
const SINGLE_ATTEMPT: RetryPolicy = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, sleep: async () => undefined, random: () => 0 };

export function clientToken(executionArn: string, step: string, cursor: number): string {
  return createHash('sha256').update(`${executionArn}\n${step}\n${cursor}`).digest('hex').slice(0, 64);
}

export class DataApiBatches {
  constructor(
    private readonly client: RedshiftDataClient,
    private readonly target: DataApiTarget,
  ) {}

  async submit(batch: Batch, token: string): Promise<string> {
    checkTransactionFits(batch.sqls);
    if (batch.sqls.length === 0) throw new Error(`batch '${batch.label}' has no statements`);
    if (batch.asAdmin === true && this.target.adminSecretArn === undefined) {
      throw new Error(`batch '${batch.label}' must run as the admin, but no admin secret is configured (ADMIN_SECRET_ARN)`);
    }
    const response = await serviceCall('BatchExecuteStatement', () =>
      this.client.send(
        new BatchExecuteStatementCommand({
          WorkgroupName: this.target.workgroupName,
          Database: this.target.database,
          ...(batch.asAdmin === true ? { SecretArn: this.target.adminSecretArn } : {}),
          Sqls: [...batch.sqls],
          StatementName: `crm-warehouse: ${batch.label}`.slice(0, 500),
          ClientToken: token,
        }),
      ),
    );
    if (response.Id === undefined) throw new Error(`BatchExecuteStatement returned no statement id for '${batch.label}'`);
    return response.Id;
  }

  /**
   * The finished batch, or a StatementFailed error naming the statement that failed (the batch
   * rolled back). A batch still running means the state machine called too early: retryable.
   */
  async finished(id: string, label?: string): Promise<FinishedBatch> {
    const described = await serviceCall('DescribeStatement', () => this.client.send(new DescribeStatementCommand({ Id: id })));
    const status = described.Status ?? 'UNKNOWN';
    const subStatements = described.SubStatements ?? [];
    if ((RUNNING_STATEMENT_STATES as readonly string[]).includes(status)) {
      throw new PipelineError(PIPELINE_ERRORS.transient, `statement ${id} is still ${status}; asked again`);
    }
    const name = label === undefined ? `statement ${id}` : `'${label}' (statement ${id})`;
    if (status === 'FAILED') {
      // The SQL as Redshift reports it: the Lambda that submitted it has long returned.
      const original: Submitted = { id, kind: 'transaction', statements: subStatements.map((sub) => sub.QueryString ?? '') };
      const failure = failedStatementError(original, described.Error, subStatements);
      throw new StatementFailedError(`${name} failed and was rolled back: ${failure.message}`, { cause: failure });
    }
    if (status !== 'FINISHED') {
      throw new StatementFailedError(`${name} ended as ${status}${described.Error ? `: ${described.Error}` : ''}; it was rolled back`);
    }
    return { id, subStatements, seconds: (described.Duration ?? 0) / 1e9 };
  }

  /** The rows of one statement of a finished batch (0-based), which must return rows. */
  async rows(batch: FinishedBatch, index: number): Promise<Row[]> {
    const sub = batch.subStatements[index];
    if (sub?.Id === undefined) throw new Error(`batch ${batch.id} has no statement ${index + 1}`);
    if (sub.HasResultSet !== true) return [];
    try {
      return await readResult(this.client, sub.Id, SINGLE_ATTEMPT);
    } catch (error) {
      throw translateServiceError(error instanceof RetriesExhaustedError ? error.cause : error, 'GetStatementResult');
    }
  }
}
