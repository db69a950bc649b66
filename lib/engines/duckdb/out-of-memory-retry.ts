/**
 * DuckDB's memory limit is shared by every connection of an instance: two large builds side by side can
 * run out of it where either alone fits (at scale 10, mart_account_labels' increment beside
 * mart_customer_360; a data test's query of mart_account_labels beside another build). A transaction that
 * failed so rolled back whole, and a query only reads, so either is run once more with the connection pool to
 * itself; a second failure is the statement's own need and is reported. A held transaction's own
 * connection (DuckDbEngine.inTransaction, an in-place merge and its audit) is outside the pool: its reads
 * (the audit's test queries, which may read whole tables) are retried the same way, holding the pool while
 * they run again in the transaction restored with its writes (held-transaction.ts); its writes merge an
 * increment already built, which is small, and are not.
 */
export async function retryAloneWhenOutOfMemory<T>(run: () => Promise<T>, runAlone: () => Promise<T>, onRetry: () => void = () => undefined): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isOutOfMemory(error)) throw error;
    // The retry waits for every statement in flight, so a run that needed it is slower: say so.
    onRetry();
    try {
      return await runAlone();
    } catch (alone) {
      if (!isOutOfMemory(alone)) throw alone;
      throw new Error(`${(alone as Error).message}\n(it ran out of DuckDB's memory_limit beside other statements, then again alone: it needs more than the limit)`, { cause: alone });
    }
  }
}

function isOutOfMemory(error: unknown): boolean {
  return error instanceof Error && /Out of Memory Error/.test(error.message);
}
