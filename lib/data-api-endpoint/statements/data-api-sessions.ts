import { randomUUID } from 'node:crypto';
import { validationError } from '../protocol/data-api-error.ts';
import type { ConnectionTarget } from './statement-record.ts';

interface Session {
  readonly target: ConnectionTarget;
  readonly redshiftPid: number;
  /** The caller that opened it; no one else may use it. */
  readonly owner: string;
  keepAliveSeconds: number;
  /** Epoch milliseconds after which the session is closed; undefined while a statement runs. */
  expiresAt?: number;
}

/**
 * Data API sessions (`SessionKeepAliveSeconds` / `SessionId`): later calls reuse the connection
 * target, the backend pid and, above all, temporary tables. The endpoint has one Postgres session,
 * so temporary tables are discarded after a call only while no Data API session is alive.
 */
export class DataApiSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  open(target: ConnectionTarget, keepAliveSeconds: number, redshiftPid: number, owner: string): string {
    const id = randomUUID();
    this.sessions.set(id, { target, keepAliveSeconds, redshiftPid, owner });
    return id;
  }

  /** The caller's live session `id`, or a ValidationException as the service gives for a closed one. */
  use(id: string, keepAliveSeconds: number | undefined, caller: string): { target: ConnectionTarget; redshiftPid: number } {
    const session = this.live(id);
    if (session === undefined || session.owner !== caller) throw validationError(`Session ${id} is not available. It may have expired or been closed.`);
    if (keepAliveSeconds !== undefined) session.keepAliveSeconds = keepAliveSeconds;
    delete session.expiresAt;
    return session;
  }

  /** Starts the keep-alive countdown once a session's statement has finished. */
  statementEnded(id: string): void {
    const session = this.sessions.get(id);
    if (session !== undefined) session.expiresAt = this.now() + session.keepAliveSeconds * 1000;
  }

  hasLiveSession(): boolean {
    return [...this.sessions.keys()].some((id) => this.live(id) !== undefined);
  }

  private live(id: string): Session | undefined {
    const session = this.sessions.get(id);
    if (session === undefined) return undefined;
    if (session.expiresAt !== undefined && session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }
}
