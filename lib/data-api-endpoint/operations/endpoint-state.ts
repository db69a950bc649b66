import type { SequenceNumbers } from '../execution/sequence-numbers.ts';
import type { StatementQueue } from '../execution/statement-queue.ts';
import type { DataApiSessions } from '../statements/data-api-sessions.ts';
import type { StatementRegistry } from '../statements/statement-registry.ts';

/** What the operations share: the statements, the queue running them, sessions and settings. */
export interface EndpointState {
  readonly registry: StatementRegistry;
  readonly queue: StatementQueue;
  readonly sessions: DataApiSessions;
  readonly redshiftPids: SequenceNumbers;
  /** Records per GetStatementResult page. */
  readonly pageSizeRows: number;
  /** False once the database is closed: new statements then fail with an *Exception of their operation. */
  readonly isDatabaseOpen: () => boolean;
}
