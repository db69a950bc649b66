import { DataApiError } from './data-api-error.ts';

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost)(:\d{1,5})?$/i;

/**
 * Refuses a request whose `Host` is not 127.0.0.1 or localhost (with any port). The endpoint
 * listens on loopback only, but a web page could still reach it through a DNS name the attacker
 * points at 127.0.0.1 (DNS rebinding); such a request carries the attacker's name as its Host.
 */
export function checkLoopbackHost(host: string | undefined): void {
  if (host !== undefined && LOOPBACK_HOST.test(host)) return;
  throw new DataApiError(
    'AccessDeniedException',
    `Host '${host ?? ''}' refused: the local Data API endpoint answers only requests addressed to 127.0.0.1 or localhost`,
    403,
  );
}
