/**
 * A landing file that cannot be read as a whole (0 bytes, a truncated or corrupt gzip, a header
 * lacking a contract column) never replaces what its day held before: loading the day without it
 * would silently drop that file's rows. Its day (and the table's later days) keep their previous
 * rows, the load fails naming each file and why, and the build stops before publishing anything.
 * A header-only file is different: a valid, empty extract, so its day is replaced (it adds no rows).
 */

export interface UnreadableFile {
  /** Landing-relative path. */
  readonly path: string;
  readonly reason: string;
}

export class UnreadableLandingFilesError extends Error {
  constructor(
    readonly table: string,
    readonly ingestDate: string,
    readonly files: readonly UnreadableFile[],
  ) {
    super(
      `${files.map((file) => `${file.path}: ${file.reason}`).join('\n')}\n` +
        `raw.${table} keeps its previous rows of ${ingestDate} (and of any later day): a landing file that cannot be read whole never replaces its day`,
    );
    this.name = 'UnreadableLandingFilesError';
  }
}
