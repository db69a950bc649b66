/**
 * A local endpoint speaking the Redshift Data API's wire protocol, executing on PGlite (real
 * Postgres in WebAssembly). The real SDK client works against it unchanged:
 * `new RedshiftDataClient({ endpoint: url, region: 'any', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } })`.
 * How Redshift SQL maps onto Postgres is documented in sql/redshift-to-postgres.ts.
 *
 * Emulated: ExecuteStatement, BatchExecuteStatement, DescribeStatement, GetStatementResult,
 * CancelStatement and ListStatements with the service's request and response shapes, statuses
 * SUBMITTED → PICKED → STARTED → FINISHED / FAILED / ABORTED, a batch as one transaction, the
 * limits (40 statements per batch, 100 KB per statement, active statements), the error types and
 * HTTP statuses of the service model, ClientToken idempotency, `:name` Parameters, and sessions
 * (SessionKeepAliveSeconds / SessionId).
 *
 * Identity: each request must be SigV4-signed and its access key id is the caller; a statement is
 * visible (Describe, GetStatementResult, Cancel, ListStatements, ClientToken, SessionId) to the
 * caller that submitted it only, as the Data API shows statements to their IAM identity alone.
 * Requests addressed to a Host other than 127.0.0.1 or localhost are refused (DNS rebinding).
 *
 * Not emulated:
 * - Authentication: signatures, IAM, SecretArn and DbUser are not checked; any workgroup, cluster
 *   and database name is accepted and all of them are the one Postgres database.
 * - Concurrency: statements run one at a time in submission order (Redshift runs them side by side
 *   under WLM). A Postgres statement that is executing cannot be interrupted: CancelStatement takes
 *   effect at the next checkpoint (the STARTED delay, between statements, between COPY chunks,
 *   before commit).
 * - Operations: GetStatementResultV2 and ResultFormat CSV, DescribeTable, ListDatabases,
 *   ListSchemas, ListTables, ListSessions (UnknownOperationException or ValidationException).
 *   WaitTimeSeconds and WithEvent are accepted and ignored (no EventBridge event is sent).
 * - Retention and sizes: statements are kept while the endpoint runs (Redshift keeps 24 hours);
 *   results are not capped at 100 MB; result pages hold `pageSizeRows` records, not a byte budget.
 * - Metadata: ColumnMetadata.length is 0; computed numeric columns without a declared precision
 *   report precision 0; Postgres `text` is reported as `varchar`. A batch's own RedshiftQueryId is 0.
 * - Sessions share the endpoint's one Postgres session: while any Data API session is alive, no
 *   call's temporary tables are discarded; a session's busy state is not enforced.
 * - ThrottlingException is only sent through the `throttleNextCalls` test hook.
 * - Dialect: beyond the mapping table (AVG's return types, backslash escapes in literals, bare
 *   `varchar` as VARCHAR(256), byte lengths of CHAR/VARCHAR columns of CREATE TABLE, …), SQL runs
 *   with Postgres semantics: CAST and CREATE TABLE AS count characters where Redshift counts bytes,
 *   integer division truncates on both, primary key and unique constraints are enforced.
 */
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { LoadErrorLog } from './copy/load-error-log.ts';
import { resolveEndpointOptions, type DataApiEndpointOptions } from './endpoint-options.ts';
import { FIRST_REDSHIFT_PID, SequenceNumbers } from './execution/sequence-numbers.ts';
import { StatementQueue } from './execution/statement-queue.ts';
import { StatementRunner } from './execution/statement-runner.ts';
import { batchExecuteStatement } from './operations/batch-execute-statement.ts';
import { cancelStatement } from './operations/cancel-statement.ts';
import { describeStatement } from './operations/describe-statement.ts';
import type { EndpointState } from './operations/endpoint-state.ts';
import { executeStatement } from './operations/execute-statement.ts';
import { getStatementResult } from './operations/get-statement-result.ts';
import { listStatements } from './operations/list-statements.ts';
import { byteLengthCheckStatements } from './postgres/byte-length-checks.ts';
import { ColumnMetadataReader } from './postgres/column-metadata.ts';
import {
  compatibilitySchemaStatements,
  LOAD_ERROR_TABLE,
  SESSION_SETTINGS,
} from './postgres/compatibility-schema.ts';
import { LateBindingViews } from './postgres/late-binding-views.ts';
import { PostgresSession } from './postgres/postgres-session.ts';
import { createJsonRpcServer, type OperationHandler } from './protocol/json-rpc-server.ts';
import { ThrottleInjector } from './protocol/throttle-injector.ts';
import { DataApiSessions } from './statements/data-api-sessions.ts';
import { StatementRegistry } from './statements/statement-registry.ts';

export type { DataApiEndpointOptions } from './endpoint-options.ts';

export interface DataApiEndpoint {
  /** `http://127.0.0.1:<port>`, for the SDK client's `endpoint`. */
  readonly url: string;
  readonly port: number;
  /** The Postgres database the statements run on (for tests that look behind the API). */
  readonly database: PGlite;
  /** Test hook: answer the next `count` requests with ThrottlingException. */
  throttleNextCalls(count: number): void;
  /** Test hook: change how long statements stay STARTED before they execute. */
  setStatementDelayMs(milliseconds: number): void;
  /** Stops accepting calls, aborts queued and running statements, closes a database it opened. */
  close(): Promise<void>;
}

export async function startDataApiEndpoint(options: DataApiEndpointOptions = {}): Promise<DataApiEndpoint> {
  const resolved = resolveEndpointOptions(options);
  const ownsDatabase = !(resolved.database instanceof PGlite);
  const database =
    resolved.database instanceof PGlite ? resolved.database : await PGlite.create(resolved.database ?? 'memory://');
  try {
    const session = new PostgresSession(database);
    for (const statement of [...SESSION_SETTINGS, ...compatibilitySchemaStatements(), ...byteLengthCheckStatements()]) {
      await session.run(statement);
    }
    const [[lastQueryId]] = (await session.rows(`select coalesce(max(query_id), 0) from ${LOAD_ERROR_TABLE}`)) as [[string]];
    let statementDelayMs = resolved.statementDelayMs;
    const sessions = new DataApiSessions();
    const runner = new StatementRunner({
      session,
      lateBindingViews: new LateBindingViews(session),
      columnMetadata: new ColumnMetadataReader(session),
      loadErrors: new LoadErrorLog(),
      sessions,
      queryIds: new SequenceNumbers(Number(lastQueryId)),
      s3Root: resolved.s3Root,
      statementDelayMs: () => statementDelayMs,
    });
    const queue = new StatementQueue(runner, resolved.maxActiveStatements);
    const state: EndpointState = {
      registry: new StatementRegistry(),
      queue,
      sessions,
      redshiftPids: new SequenceNumbers(FIRST_REDSHIFT_PID),
      pageSizeRows: resolved.pageSizeRows,
      isDatabaseOpen: () => !database.closed,
    };
    const handlers: Record<string, OperationHandler> = {
      ExecuteStatement: (body, caller) => executeStatement(state, body, caller),
      BatchExecuteStatement: (body, caller) => batchExecuteStatement(state, body, caller),
      DescribeStatement: (body, caller) => describeStatement(state, body, caller),
      GetStatementResult: (body, caller) => getStatementResult(state, body, caller),
      CancelStatement: (body, caller) => cancelStatement(state, body, caller),
      ListStatements: (body, caller) => listStatements(state, body, caller),
    };
    const throttle = new ThrottleInjector();
    const server = createJsonRpcServer(handlers, throttle);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(resolved.port, resolved.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    return {
      url: `http://${resolved.host}:${port}`,
      port,
      database,
      throttleNextCalls: (count) => throttle.throttleNext(count),
      setStatementDelayMs: (milliseconds) => {
        if (!Number.isFinite(milliseconds) || milliseconds < 0) throw new RangeError(`statement delay must be 0 or more, got ${milliseconds}`);
        statementDelayMs = milliseconds;
      },
      close: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await queue.close();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (error) {
    if (ownsDatabase) await database.close();
    throw error;
  }
}
