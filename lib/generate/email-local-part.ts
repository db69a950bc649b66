/** Lower-case ASCII letters only, so names like "O'Brien" or "Müller" make valid addresses. */
const cache = new Map<string, string>();

// Names come from short fixed lists, so each is normalised once.
export function emailLocalPart(name: string): string {
  let localPart = cache.get(name);
  if (localPart === undefined) {
    localPart = name
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
    cache.set(name, localPart);
  }
  return localPart;
}
