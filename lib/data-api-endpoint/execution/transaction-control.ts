import type { LoadErrorLog } from '../copy/load-error-log.ts';
import type { PostgresSession } from '../postgres/postgres-session.ts';

/**
 * The transaction a Data API call runs in: a batch is one transaction, and so is a single
 * statement (explicitly, so that the endpoint's savepoints work). SQL that ends the transaction
 * itself (COMMIT, ROLLBACK, or TRUNCATE through commitAndContinue) is honoured and a new one
 * begins for the statements that follow, as Redshift continues after them.
 */
export class TransactionControl {
  constructor(
    private readonly session: PostgresSession,
    private readonly loadErrors: LoadErrorLog,
  ) {}

  async begin(): Promise<void> {
    await this.session.run('begin');
  }

  async commit(): Promise<void> {
    if (this.session.transactionStatus === 'idle') return;
    await this.session.run('commit');
    this.loadErrors.afterCommit();
  }

  async rollback(): Promise<void> {
    if (this.session.transactionStatus !== 'idle') await this.session.run('rollback');
    await this.loadErrors.afterRollback(this.session);
  }

  async commitAndContinue(): Promise<void> {
    await this.commit();
    await this.begin();
  }

  /** After a user statement: if it ended the transaction, account for how, and begin again. */
  async afterUserStatement(commandTag: string): Promise<void> {
    if (this.session.transactionStatus !== 'idle') return;
    if (commandTag === 'ROLLBACK') await this.loadErrors.afterRollback(this.session);
    else this.loadErrors.afterCommit();
    await this.begin();
  }
}
