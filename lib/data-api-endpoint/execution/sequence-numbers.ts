/**
 * Increasing numbers for RedshiftQueryId (which is also SYS_LOAD_ERROR_DETAIL.query_id and
 * pg_last_copy_id()) and RedshiftPid. Query ids continue after the highest one a reused data
 * directory already logged, so old load errors never collide with new COPYs.
 */
export class SequenceNumbers {
  constructor(private last: number) {}

  next(): number {
    this.last += 1;
    return this.last;
  }
}

/** Redshift backend pids are large numbers; the exact value carries no meaning. */
export const FIRST_REDSHIFT_PID = 1_073_840_000;
