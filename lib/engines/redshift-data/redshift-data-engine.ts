/**
 * The Redshift warehouse engine (docs/architecture.md, "Engines"): Redshift Serverless reached only through
 * the Redshift Data API. A call submits its SQL (ExecuteStatement, or BatchExecuteStatement for a
 * transaction, which the Data API runs as one transaction), waits for it by polling
 * DescribeStatement (statement-waiter.ts), and reads rows page by page (result-pages.ts).
 * Every Data API call is retried on throttling and server faults (retry-policy.ts).
 *
 * The Data API keeps no session between calls: each call is its own connection, so temporary
 * tables and session functions such as pg_last_copy_id() live only within one call. Work that
 * needs them goes in one transaction.
 *
 * When the engine builds the client it turns the SDK's own retries off (maxAttempts: 1), so that
 * the attempts and delays are the engine's, bounded and jittered as configured.
 */
import { randomUUID } from 'node:crypto';
import { BatchExecuteStatementCommand, ExecuteStatementCommand, RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import type { DescribeStatementResponse, SubStatementData } from '@aws-sdk/client-redshift-data';
import type { Relation } from '../../plan/plan.ts';
import { redshiftString } from '../../sql/literals.ts';
import type { Dialect, Engine, RelationKind, Row } from '../engine.ts';
import { lookUpRelationKinds, matchingRelations } from '../relation-kinds.ts';
import { checkStatementSize, checkTransactionFits, splitIntoBatches } from './batch-limits.ts';
import { ConcurrencyLimit } from './concurrency-limit.ts';
import { resolveEngineOptions } from './engine-options.ts';
import type { RedshiftDataEngineOptions, ResolvedEngineOptions } from './engine-options.ts';
import { redshiftDialect } from './redshift-dialect.ts';
import { readResult } from './result-pages.ts';
import { withRetries } from './retry-policy.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { RedshiftStatementError } from './statement-errors.ts';
import type { Submitted } from './statement-errors.ts';
import { waitForStatement } from './statement-waiter.ts';
import type { WaitOptions } from './statement-waiter.ts';

export type { RedshiftDataEngineOptions } from './engine-options.ts';

/** Names the engine's statements in ListStatements and the console's query history. */
export const STATEMENT_NAME = 'crm-warehouse';

/** A finished transaction as DescribeStatement reported it: one entry per statement, in order. */
export interface TransactionResult {
  readonly statementId: string;
  readonly subStatements: readonly SubStatementData[];
}

export class RedshiftDataEngine implements Engine {
  readonly target = 'redshift' as const;
  readonly dialect: Dialect = redshiftDialect;
  readonly concurrency: number;
  readonly workgroupName: string;
  readonly database: string;
  onStatement?: (sql: string, seconds: number) => void;

  private readonly client: RedshiftDataClient;
  private readonly ownsClient: boolean;
  private readonly options: ResolvedEngineOptions;
  private readonly retry: RetryPolicy;
  private readonly wait: WaitOptions;
  private readonly limit: ConcurrencyLimit;

  constructor(options: RedshiftDataEngineOptions) {
    this.options = resolveEngineOptions(options);
    const { workgroupName, database, concurrency, region, endpoint } = this.options;
    this.workgroupName = workgroupName;
    this.database = database;
    this.concurrency = concurrency;
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? new RedshiftDataClient({ region, endpoint, maxAttempts: 1 });
    this.retry = {
      maxAttempts: this.options.maxAttempts,
      baseDelayMs: this.options.retryBaseDelayMs,
      maxDelayMs: this.options.maxRetryDelayMs,
      sleep: this.options.sleep,
      random: this.options.random,
    };
    this.wait = {
      pollIntervalMs: this.options.pollIntervalMs,
      maxPollIntervalMs: this.options.maxPollIntervalMs,
      statementTimeoutMs: this.options.statementTimeoutMs,
      sleep: this.options.sleep,
      now: this.options.now,
      retry: this.retry,
    };
    this.limit = new ConcurrencyLimit(concurrency);
  }

  async execute(sql: string): Promise<void> {
    await this.limit.run(() => this.runStatement(sql));
  }

  async query(sql: string): Promise<Row[]> {
    return this.limit.run(async () => {
      const described = await this.runStatement(sql);
      if (described.HasResultSet !== true) return [];
      return readResult(this.client, described.Id ?? '', this.retry);
    });
  }

  async transaction(statements: readonly string[]): Promise<void> {
    await this.runTransaction(statements);
  }

  /**
   * Runs the statements as one BatchExecuteStatement: all of them commit or none does. A
   * transaction beyond the Data API's limits fails before anything is sent (batch-limits.ts).
   */
  async runTransaction(statements: readonly string[]): Promise<TransactionResult> {
    checkTransactionFits(statements);
    if (statements.length === 0) return { statementId: '', subStatements: [] };
    return this.limit.run(async () => {
      const described = await this.submitAndWait('transaction', statements, (token) =>
        this.client.send(new BatchExecuteStatementCommand({ ...this.connection(), Sqls: [...statements], ClientToken: token })),
      );
      return { statementId: described.Id ?? '', subStatements: described.SubStatements ?? [] };
    });
  }

  /**
   * Runs statements in order for work that need not be atomic as a whole (creating schemas and
   * tables that may already exist): as few batches as the limits allow, each its own transaction.
   * A failure stops at its batch; earlier batches stay committed.
   */
  async executeAll(statements: readonly string[]): Promise<void> {
    for (const batch of splitIntoBatches(statements)) await this.runTransaction(batch);
  }

  async relationKind(relation: Relation): Promise<RelationKind | undefined> {
    const [kind] = await this.relationKinds([relation]);
    return kind;
  }

  /**
   * pg_class rather than information_schema: Redshift lists late-binding views (the kind every
   * staging model is) in pg_class, whose standard PostgreSQL catalog tables it keeps
   * (https://docs.aws.amazon.com/redshift/latest/dg/c_intro_catalog_views.html).
   *
   * There is no countedTransaction: DescribeStatement's ResultRows is promised only for INSERT,
   * UPDATE, DELETE, COPY "and others", not for CREATE TABLE AS
   * (https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_SubStatementData.html),
   * so a table's rows are counted once it is published.
   */
  relationKinds(relations: readonly Relation[]): Promise<(RelationKind | undefined)[]> {
    return lookUpRelationKinds(relations, relationKindsQuery, (sql) => this.query(sql));
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  private async runStatement(sql: string): Promise<DescribeStatementResponse> {
    checkStatementSize(sql);
    return this.submitAndWait('statement', [sql], (token) =>
      this.client.send(new ExecuteStatementCommand({ ...this.connection(), Sql: sql, ClientToken: token })),
    );
  }

  /** The connection parameters every submission carries. */
  private connection() {
    return {
      WorkgroupName: this.workgroupName,
      Database: this.database,
      SecretArn: this.options.secretArn,
      StatementName: STATEMENT_NAME,
    };
  }

  private async submitAndWait(
    kind: Submitted['kind'],
    statements: readonly string[],
    submit: (clientToken: string) => Promise<{ Id?: string }>,
  ): Promise<DescribeStatementResponse> {
    const started = this.options.now();
    // One token for every attempt: a retried submission the service already accepted is not run twice.
    const clientToken = randomUUID();
    let subStatements: readonly SubStatementData[] = [];
    try {
      const submitted = await withRetries(kind === 'transaction' ? 'BatchExecuteStatement' : 'ExecuteStatement', () => submit(clientToken), this.retry);
      const described = await waitForStatement(this.client, { id: submitted.Id ?? '', kind, statements }, this.wait);
      subStatements = described.SubStatements ?? [];
      return described;
    } catch (error) {
      if (error instanceof RedshiftStatementError) subStatements = error.subStatements;
      throw error;
    } finally {
      this.report(statements, subStatements, (this.options.now() - started) / 1000);
    }
  }

  /** Each statement with its own run time when Redshift reported one, else the whole call's. */
  private report(statements: readonly string[], subStatements: readonly SubStatementData[], seconds: number): void {
    if (this.onStatement === undefined) return;
    statements.forEach((sql, index) => {
      const nanoseconds = subStatements[index]?.Duration;
      this.onStatement?.(sql, nanoseconds !== undefined && nanoseconds >= 0 ? nanoseconds / 1e9 : seconds);
    });
  }
}

function relationKindsQuery(relations: readonly Relation[]): string {
  return `select n.nspname as schema_name, c.relname as relation_name,
              case c.relkind when 'v' then 'view' else 'table' end as kind
         from pg_catalog.pg_class c
         join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'v')
          and (${matchingRelations(relations, { schema: 'n.nspname', name: 'c.relname' }, redshiftString)})`;
}
