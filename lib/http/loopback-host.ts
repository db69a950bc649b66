/**
 * Servers that listen on 127.0.0.1 still answer any page the user's browser opens: a site whose
 * DNS name is re-pointed at 127.0.0.1 (DNS rebinding) sends its own name in `Host`, and the browser
 * then lets that page read the answers. Accepting only loopback names in `Host` closes that door.
 */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a request's `Host` header names this machine's loopback interface (any port). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = /^(\[[^\]]*\]|[^:]*)(:\d{1,5})?$/.exec(host.trim().toLowerCase())?.[1];
  return name !== undefined && LOOPBACK_NAMES.has(name);
}
