import { randomUUID } from 'node:crypto';
import { connectionMembers, readConnectionTarget } from '../protocol/connection-target.ts';
import { constraintViolation, environmentError, validationError } from '../protocol/data-api-error.ts';
import type { RequestMembers } from '../protocol/request-members.ts';
import { epochSeconds } from '../protocol/wire-time.ts';
import { RedshiftSqlError } from '../sql/redshift-sql-error.ts';
import { unboundParameterNames, type SqlParameter } from '../sql/sql-parameters.ts';
import { tokenize } from '../sql/sql-tokens.ts';
import { StatementRecord, type ConnectionTarget } from '../statements/statement-record.ts';
import type { EndpointState } from './endpoint-state.ts';

/** The Data API's limit on one SQL statement, in bytes. */
export const MAX_STATEMENT_BYTES = 100 * 1024;
/** The Data API's limit on statements in one BatchExecuteStatement. */
export const MAX_BATCH_STATEMENTS = 40;
const SESSION_UUID = /^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}$/;

/**
 * What ExecuteStatement and BatchExecuteStatement share once their SQL is read: the remaining
 * members are validated, the statement is queued (or refused), and the submission is answered.
 */
export function submitStatement(
  state: EndpointState,
  members: RequestMembers,
  sqls: readonly string[],
  isBatch: boolean,
  caller: string,
): Record<string, unknown> {
  sqls.forEach((sql, index) => checkSql(sql, isBatch ? `sqls.${index + 1}.member` : 'sql'));
  const parameters = members.optionalParameters('Parameters');
  checkParametersBound(sqls, parameters ?? []);
  const statementName = members.optionalString('StatementName', { max: 500 });
  const clientToken = members.optionalString('ClientToken', { min: 1, max: 64 });
  members.optionalBoolean('WithEvent');
  const resultFormat = members.optionalString('ResultFormat');
  if (resultFormat !== undefined && resultFormat !== 'JSON') {
    throw validationError(`ResultFormat ${resultFormat} is not emulated by the local Data API endpoint; use JSON.`);
  }
  const keepAliveSeconds = members.optionalInteger('SessionKeepAliveSeconds', { min: 0, max: 86_400 });
  const sessionId = members.optionalString('SessionId', { pattern: SESSION_UUID });

  const earlier = state.registry.byClientToken(clientToken, caller);
  if (earlier !== undefined) return submissionResponse(earlier);

  const { target, redshiftPid, session } = resolveConnection(state, members, sessionId, keepAliveSeconds, caller);
  state.queue.checkCapacity();
  const record = new StatementRecord(
    randomUUID(),
    {
      isBatch,
      sqls,
      target,
      owner: caller,
      ...(parameters === undefined ? {} : { parameters }),
      ...(statementName === undefined ? {} : { statementName }),
      ...(session === undefined ? {} : { sessionId: session }),
      ...(clientToken === undefined ? {} : { clientToken }),
    },
    new Date(),
    redshiftPid,
  );
  if (!state.isDatabaseOpen()) {
    throw environmentError(
      isBatch ? 'BatchExecuteStatementException' : 'ExecuteStatementException',
      record.id,
      'The database of the local Data API endpoint is closed.',
    );
  }
  state.registry.add(record);
  state.queue.submit(record);
  return submissionResponse(record);
}

function resolveConnection(
  state: EndpointState,
  members: RequestMembers,
  sessionId: string | undefined,
  keepAliveSeconds: number | undefined,
  caller: string,
): { target: ConnectionTarget; redshiftPid: number; session?: string } {
  if (sessionId !== undefined) return { ...state.sessions.use(sessionId, keepAliveSeconds, caller), session: sessionId };
  const target = readConnectionTarget(members);
  const redshiftPid = state.redshiftPids.next();
  if (keepAliveSeconds === undefined || keepAliveSeconds === 0) return { target, redshiftPid };
  return { target, redshiftPid, session: state.sessions.open(target, keepAliveSeconds, redshiftPid, caller) };
}

function checkSql(sql: string, member: string): void {
  if (sql.length === 0) throw constraintViolation(sql, member, 'Member must have length greater than or equal to 1');
  const bytes = Buffer.byteLength(sql);
  if (bytes > MAX_STATEMENT_BYTES) {
    throw validationError(
      `The SQL statement at '${member}' is ${bytes} bytes; the Data API accepts at most ${MAX_STATEMENT_BYTES} bytes (100 KB) per statement.`,
    );
  }
}

function checkParametersBound(sqls: readonly string[], parameters: readonly SqlParameter[]): void {
  for (const sql of sqls) {
    let missing: string[];
    try {
      missing = unboundParameterNames(tokenize(sql), parameters);
    } catch (error) {
      // Unlexable SQL is the database's to reject when the statement runs, as Redshift does.
      if (error instanceof RedshiftSqlError) continue;
      throw error;
    }
    if (missing.length > 0) {
      throw validationError(`No value was specified in Parameters for ${missing.map((name) => `:${name}`).join(', ')}.`);
    }
  }
}

function submissionResponse(record: StatementRecord): Record<string, unknown> {
  return {
    Id: record.id,
    CreatedAt: epochSeconds(record.createdAt),
    ...connectionMembers(record.request.target),
    ...(record.request.sessionId === undefined ? {} : { SessionId: record.request.sessionId }),
  };
}
