/** Engines reject with Error objects, but a rejection can carry anything; the audit tables need text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
