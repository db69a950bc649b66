/**
 * The account a Customer 360 link names in its fragment (`customer-360.html#A-0042`). Links are
 * typed and pasted by people, so a fragment that is not valid percent-encoding (`#100%`) is read
 * as the literal text instead of throwing and leaving the page blank.
 */
export function accountIdFromHash(hash: string): string | null {
  if (hash.length <= 1) return null;
  const encoded = hash.slice(1);
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}
