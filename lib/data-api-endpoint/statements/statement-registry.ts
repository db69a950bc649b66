import { constraintViolation, queryNotFound } from '../protocol/data-api-error.ts';
import type { StatementRecord, SubStatement } from './statement-record.ts';

/** The Data API's statement id: a UUID, with `:n` naming the n-th statement of a batch. */
const STATEMENT_ID = /^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}(:\d+)?$/;

export interface StatementLookup {
  readonly record: StatementRecord;
  /** Set when the id named one statement of a batch (`id:n`). */
  readonly subStatement?: SubStatement;
}

/** Every statement submitted since the endpoint started, in submission order. */
export class StatementRegistry {
  private readonly statements = new Map<string, StatementRecord>();
  private readonly clientTokens = new Map<string, StatementRecord>();

  add(record: StatementRecord): void {
    this.statements.set(record.id, record);
    const { clientToken, owner } = record.request;
    if (clientToken !== undefined) this.clientTokens.set(tokenKey(clientToken, owner), record);
  }

  /** The statement an earlier request of the same caller with the same ClientToken created (the SDK reuses it on retries). */
  byClientToken(token: string | undefined, caller: string): StatementRecord | undefined {
    return token === undefined ? undefined : this.clientTokens.get(tokenKey(token, caller));
  }

  /** Another caller's statement is answered as an unknown one: its existence is not revealed. */
  lookup(id: string, caller: string): StatementLookup {
    if (!STATEMENT_ID.test(id)) {
      throw constraintViolation(id, 'id', `Member must satisfy regular expression pattern: ${STATEMENT_ID.source}`);
    }
    const [statementId = id, suffix] = id.split(':');
    const record = this.statements.get(statementId);
    if (record === undefined || record.request.owner !== caller) throw queryNotFound(id);
    if (suffix === undefined) return { record };
    if (!record.request.isBatch) throw queryNotFound(id);
    const subStatement = record.subStatements[Number(suffix) - 1];
    if (subStatement === undefined) throw queryNotFound(id);
    return { record, subStatement };
  }

  /** The caller's statements, newest first, as ListStatements returns them. */
  newestFirst(caller: string): StatementRecord[] {
    return [...this.statements.values()].filter((record) => record.request.owner === caller).reverse();
  }
}

function tokenKey(token: string, owner: string): string {
  return JSON.stringify([owner, token]);
}
