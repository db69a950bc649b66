/** Lower-case ASCII letters only, so names like "O'Brien" or "Müller" make valid addresses. */
export function emailLocalPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
