import { once } from 'node:events';
import { resolve } from 'node:path';
import { startDataApiEndpoint } from '../../data-api-endpoint/data-api-endpoint.ts';
import type { CliIo } from '../cli-io.ts';

export interface DevEndpointOptions {
  readonly port: number;
  readonly s3Root?: string;
  readonly dataDir?: string;
}

function interrupted(): Promise<void> {
  return Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]).then(() => undefined);
}

/** Serves the local Data API endpoint until `stop` settles (Ctrl-C from the command line). */
export async function devEndpointCommand(options: DevEndpointOptions, io: CliIo, stop: Promise<void> = interrupted()): Promise<number> {
  const s3Root = options.s3Root === undefined ? undefined : resolve(options.s3Root);
  const endpoint = await startDataApiEndpoint({
    port: options.port,
    s3Root,
    database: options.dataDir === undefined ? undefined : resolve(options.dataDir),
  });
  io.out(`Redshift Data API (local, on PGlite) listening at ${endpoint.url}${s3Root ? `; s3://<bucket>/<key> reads ${s3Root}/<bucket>/<key>` : ''}`);
  io.out(
    `Use it with: crm-warehouse build --target redshift --workgroup local --database-name dev --data-api-endpoint ${endpoint.url}` +
      (s3Root ? ` --s3-root ${s3Root} --landing s3://<bucket>/<prefix>` : ''),
  );
  io.out('Ctrl-C stops it.');
  await stop;
  await endpoint.close();
  io.out('Stopped.');
  return 0;
}
