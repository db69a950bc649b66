/**
 * A fixed set of connections to one DuckDB instance. DuckDB runs one statement at a time per
 * connection, so independent calls from the runner need their own connections to overlap;
 * a caller holds a connection for a whole unit of work (a transaction, a load with its
 * per-connection reject tables) and hands it back.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export class ConnectionPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: ((connection: DuckDBConnection) => void)[] = [];
  private closed = false;

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

  close(): void {
    this.closed = true;
    for (const connection of this.all) connection.closeSync();
  }

  private acquire(): Promise<DuckDBConnection> {
    if (this.closed) return Promise.reject(new Error('DuckDB engine is closed'));
    const connection = this.idle.pop();
    if (connection) return Promise.resolve(connection);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(connection: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(connection);
    else this.idle.push(connection);
  }
}
