/**
 * A fixed set of connections to one DuckDB instance. DuckDB runs one statement at a time per
 * connection, so independent calls from the runner need their own connections to overlap;
 * a caller holds a connection for a whole unit of work (a transaction, a load with its
 * per-connection reject tables) and hands it back.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

interface Waiter {
  readonly resolve: (connection: DuckDBConnection) => void;
  readonly reject: (error: Error) => void;
}

export class ConnectionPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: Waiter[] = [];
  private closed = false;
  private aloneTurn: Promise<void> = Promise.resolve();

  private constructor(private readonly all: readonly DuckDBConnection[]) {
    this.idle = [...all];
  }

  static async open(instance: DuckDBInstance, size: number): Promise<ConnectionPool> {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`DuckDB connection pool size must be a positive integer, got ${size}`);
    }
    const connections: DuckDBConnection[] = [];
    for (let index = 0; index < size; index += 1) connections.push(await instance.connect());
    return new ConnectionPool(connections);
  }

  get size(): number {
    return this.all.length;
  }

  async use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  /**
   * Holds every connection while `work` runs on one of them, so that nothing else runs beside it; one
   * such caller at a time (two, each holding part of the pool and waiting for the rest, would wait forever).
   */
  useAlone<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const turn = this.aloneTurn.then(async () => {
      const held: DuckDBConnection[] = [];
      try {
        while (held.length < this.all.length) held.push(await this.acquire());
        return await work(held[0] as DuckDBConnection);
      } finally {
        for (const connection of held) this.release(connection);
      }
    });
    this.aloneTurn = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(closedError());
    for (const connection of this.all) connection.closeSync();
  }

  private acquire(): Promise<DuckDBConnection> {
    if (this.closed) return Promise.reject(closedError());
    const connection = this.idle.pop();
    if (connection) return Promise.resolve(connection);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(connection: DuckDBConnection): void {
    if (this.closed) return;
    const next = this.waiting.shift();
    if (next) next.resolve(connection);
    else this.idle.push(connection);
  }
}

function closedError(): Error {
  return new Error('DuckDB engine is closed');
}
