/**
 * A landing file set the engine could not read at all: not a bad row (those are quarantined) but an
 * I/O failure such as a file removed or rewritten while the load ran. It fails the load, naming
 * the files, after the day's transaction has been rolled back.
 */
import type { LandingFile } from './local-landing.ts';

export class LandingReadError extends Error {
  constructor(
    readonly files: readonly string[],
    detail: string,
    cause: unknown,
  ) {
    super(`${files.join(', ')}: ${detail}`, { cause });
    this.name = 'LandingReadError';
  }
}

/** Runs a scan of `files`, turning any failure into a LandingReadError naming them. */
export async function readingLanding<T>(files: readonly LandingFile[], scan: () => Promise<T>): Promise<T> {
  try {
    return await scan();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new LandingReadError(
      files.map((file) => file.relativePath),
      `could not read this landing file set: ${reason}`,
      error,
    );
  }
}
