import { isLoopbackHost } from '../../http/loopback-host.ts';
import { DataApiError } from './data-api-error.ts';

/** Refuses a request whose `Host` is not a loopback name (lib/http/loopback-host.ts), as the service refuses an unauthorised caller. */
export function checkLoopbackHost(host: string | undefined): void {
  if (isLoopbackHost(host)) return;
  throw new DataApiError(
    'AccessDeniedException',
    `Host '${host ?? ''}' refused: the local Data API endpoint answers only requests addressed to 127.0.0.1 or localhost`,
    403,
  );
}
