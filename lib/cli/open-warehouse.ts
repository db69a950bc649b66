import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { S3Client } from '@aws-sdk/client-s3';
import type { Engine } from '../engines/engine.ts';
import { DuckDbEngine } from '../engines/duckdb/duckdb-engine.ts';
import { loadLanding as loadIntoDuckDb } from '../engines/duckdb/raw-loader.ts';
import type { LoadOptions } from '../landing/load-options.ts';
import type { LoadSummary } from '../landing/load-summary.ts';
import { PgliteEngine } from '../engines/postgres/pglite-engine.ts';
import { loadLanding as loadIntoPostgres } from '../engines/postgres/raw-loader.ts';
import { loadLanding as copyIntoRedshift } from '../engines/redshift-data/copy-loader.ts';
import { RedshiftDataEngine } from '../engines/redshift-data/redshift-data-engine.ts';
import type { TargetName } from '../plan/plan.ts';
import type { CliIo } from './cli-io.ts';
import { listLocalLanding, listS3Landing } from './landing-listing.ts';
import type { ProjectPaths } from './project-paths.ts';
import { UsageError } from './usage-error.ts';

/** The engines the CLI can run on; `--target` offers exactly these. */
export const CLI_TARGETS = ['duckdb', 'postgres', 'redshift'] as const satisfies readonly TargetName[];
export type CliTarget = (typeof CLI_TARGETS)[number];

/** What a load needs from the command line; each target reads the landing location its own way. */
export type WarehouseLoadOptions = Omit<LoadOptions, 'landingDir'> & { readonly landing: string };

/** An engine plus the way raw files reach it on that target. */
export interface Warehouse {
  readonly engine: Engine;
  /** Where the warehouse lives, for messages. */
  readonly location: string;
  load(options: WarehouseLoadOptions): Promise<LoadSummary>;
}

/** `--target redshift`: a Serverless workgroup through the Data API (or the local endpoint). */
export interface RedshiftOptions {
  readonly workgroup?: string;
  readonly databaseName?: string;
  readonly region?: string;
  /** A Data API endpoint other than AWS's, e.g. `crm-warehouse dev-endpoint`. */
  readonly dataApiEndpoint?: string;
  /** A local folder standing in for S3 (the dev endpoint's `--s3-root`), listed instead of S3. */
  readonly s3Root?: string;
}

export interface WarehouseOptions extends RedshiftOptions {
  readonly target: CliTarget;
  readonly paths: ProjectPaths;
  /** How many models may build at once (dbt's --threads). @default the engine's default */
  readonly threads?: number;
  /** Print every statement with its duration to stderr. */
  readonly debug?: boolean;
}

export async function openWarehouse(options: WarehouseOptions, io: CliIo): Promise<Warehouse> {
  const warehouse = await openTarget(options);
  if (options.debug) {
    warehouse.engine.onStatement = (sql, seconds) => io.err(`-- ${seconds.toFixed(3)}s\n${sql.trim()};`);
  }
  return warehouse;
}

async function openTarget(options: WarehouseOptions): Promise<Warehouse> {
  switch (options.target) {
    case 'duckdb': {
      const engine = await DuckDbEngine.open({ path: options.paths.database, concurrency: options.threads });
      return { engine, location: options.paths.database, load: ({ landing, ...rest }) => loadIntoDuckDb(engine, { landingDir: landing, ...rest }) };
    }
    case 'postgres': {
      const engine = await PgliteEngine.open({ dataDir: options.paths.database });
      return { engine, location: `PGlite ${options.paths.database}`, load: ({ landing, ...rest }) => loadIntoPostgres(engine, { landingDir: landing, ...rest }) };
    }
    case 'redshift':
      return openRedshift(options);
  }
}

function openRedshift(options: WarehouseOptions): Warehouse {
  const missing = [options.workgroup ? '' : '--workgroup NAME', options.databaseName ? '' : '--database-name NAME'].filter(Boolean);
  if (missing.length > 0) throw new UsageError(`--target redshift needs ${missing.join(' and ')}`);
  const local = options.dataApiEndpoint !== undefined && /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(options.dataApiEndpoint);
  // The local endpoint checks no signature; the SDK still insists on some credentials.
  const credentials = local && !process.env.AWS_ACCESS_KEY_ID ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined;
  const region = options.region ?? process.env.AWS_REGION ?? (local ? 'us-east-1' : undefined);
  const client = new RedshiftDataClient({ region, endpoint: options.dataApiEndpoint, credentials, maxAttempts: 1 });
  const engine = new RedshiftDataEngine({
    workgroupName: options.workgroup as string,
    database: options.databaseName as string,
    client,
    concurrency: options.threads,
  });
  return {
    engine,
    location: `Redshift workgroup ${options.workgroup}, database ${options.databaseName}${options.dataApiEndpoint ? ` via ${options.dataApiEndpoint}` : ''}`,
    load: ({ landing, force: _force, ...rest }) => {
      if (!landing.startsWith('s3://')) throw new UsageError(`--target redshift loads from S3: give --landing s3://bucket/prefix, got '${landing}'`);
      const listDays = options.s3Root
        ? () => listLocalLanding(options.s3Root as string, landing)
        : () => listS3Landing(new S3Client({ region }), landing);
      return copyIntoRedshift(engine, { landingUri: landing, listDays, ...rest });
    },
  };
}
