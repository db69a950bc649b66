/**
 * Moves AppFlow's output into the landing layout. AppFlow writes a flow run's records under
 * `<BucketPrefix>/<flow name>/…`, in folders for the date and the execution id as the flow's
 * PrefixConfig asks and under file names of its own
 * (https://docs.aws.amazon.com/appflow/latest/userguide/flows-partition.html), a layout no loader
 * reads. Each object created there (an S3 event) is copied to
 * `raw/<table>/ingest_date=YYYY-MM-DD/<Object>-<n>.csv`: the table of the flow that wrote it, the
 * day it was written in the pipeline's time zone (the run that day loads it), and a file named as
 * `land --from` lands a part of an export of that object. `<n>` is the write time to the
 * millisecond and a hash of the source key, so a day's files sort in the order they were written
 * (the staging dedup's tie-break prefers the later file) and a redelivered event overwrites its own
 * copy instead of adding one.
 */
import { createHash } from 'node:crypto';
import { CopyObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { dayFolder } from '../landing/landing-layout.ts';
import { dateIn } from '../pipeline/run-input.ts';

export interface RelayRoute {
  readonly table: string;
  readonly fileStem: string;
}

export interface RelaySettings {
  /** Where the flows write, ending in `/` (`appflow/`). */
  readonly outputPrefix: string;
  /** What comes before `raw/` in the landing keys: '' for `raw/`, `crm/` for `crm/raw/`. */
  readonly landingRoot: string;
  /** The pipeline's time zone, in which a run date is a day. */
  readonly timeZone: string;
  /** The flows, by name. */
  readonly routes: Readonly<Record<string, RelayRoute>>;
}

export interface FlowOutputObject {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  /** ISO 8601, when S3 created the object. */
  readonly eventTime: string;
}

export interface RelayResult {
  readonly relayed: readonly { readonly source: string; readonly target: string }[];
  /** Objects passed over, with why. */
  readonly skipped: readonly string[];
}

export class AppFlowRelayError extends Error {
  override readonly name = 'AppFlowRelayError';
  constructor(readonly problems: readonly string[]) {
    super(`AppFlow output not relayed to the landing:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}

/** The created objects of an S3 event notification, keys decoded (S3 sends them form-encoded). */
export function flowOutputObjects(event: unknown): FlowOutputObject[] {
  const records = (event as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records)) throw new AppFlowRelayError(['the event is not an S3 event notification: it has no Records list']);
  return records.map((record: unknown, index) => {
    const fields = record as { eventTime?: unknown; s3?: { bucket?: { name?: unknown }; object?: { key?: unknown; size?: unknown } } } | null;
    const bucket = fields?.s3?.bucket?.name;
    const key = fields?.s3?.object?.key;
    const size = fields?.s3?.object?.size;
    const eventTime = fields?.eventTime;
    const missing = [
      typeof eventTime === 'string' ? undefined : 'eventTime',
      typeof bucket === 'string' ? undefined : 's3.bucket.name',
      typeof key === 'string' ? undefined : 's3.object.key',
    ].filter((name) => name !== undefined);
    if (missing.length > 0) throw new AppFlowRelayError([`the event is not an S3 event notification: Records[${index}] has no ${missing.join(', ')}`]);
    return {
      bucket: bucket as string,
      key: decodeURIComponent((key as string).replace(/\+/g, ' ')),
      size: typeof size === 'number' ? size : 0,
      eventTime: eventTime as string,
    };
  });
}

/** The relay's settings from the Lambda environment the CDK app sets; names every missing variable. */
export function relaySettingsFromEnvironment(env: Readonly<Record<string, string | undefined>>): RelaySettings {
  const names = ['OUTPUT_PREFIX', 'LANDING_ROOT_PREFIX', 'TIME_ZONE', 'FLOW_ROUTES'] as const;
  const missing = names.filter((name) => (env[name] ?? '') === '');
  if (missing.length > 0) throw new AppFlowRelayError([`the relay Lambda is missing environment variables: ${missing.join(', ')} (the CDK app sets them)`]);
  return {
    outputPrefix: env.OUTPUT_PREFIX as string,
    // `-` stands for the empty prefix: an empty variable reads as unset.
    landingRoot: env.LANDING_ROOT_PREFIX === '-' ? '' : (env.LANDING_ROOT_PREFIX as string),
    timeZone: env.TIME_ZONE as string,
    routes: JSON.parse(env.FLOW_ROUTES as string) as RelaySettings['routes'],
  };
}

/** The landing key the object is copied to; throws naming the object when no flow of ours wrote it. */
export function relayTarget(object: FlowOutputObject, settings: RelaySettings): string {
  const where = `s3://${object.bucket}/${object.key}`;
  if (!object.key.startsWith(settings.outputPrefix)) {
    throw new AppFlowRelayError([`${where}: not under the flows' output prefix ${settings.outputPrefix}`]);
  }
  const flowName = object.key.slice(settings.outputPrefix.length).split('/')[0] ?? '';
  const route = settings.routes[flowName];
  if (route === undefined) {
    const known = Object.keys(settings.routes).sort().join(', ');
    throw new AppFlowRelayError([`${where}: written by flow '${flowName}', which is none of this stack's AppFlow flows (${known})`]);
  }
  const written = new Date(object.eventTime);
  if (Number.isNaN(written.getTime())) throw new AppFlowRelayError([`${where}: event time '${object.eventTime}' is not a time`]);
  const stamp = written.toISOString().replace(/\D/g, '');
  const keyHash = (parseInt(createHash('sha256').update(object.key).digest('hex').slice(0, 8), 16) % 1_000_000).toString().padStart(6, '0');
  return `${settings.landingRoot}${dayFolder(route.table, dateIn(written, settings.timeZone))}${route.fileStem}-${stamp}${keyHash}.csv`;
}

/**
 * Copies each object to its landing key. Every object is tried; the ones that cannot be relayed are
 * reported together afterwards, so one stray object does not hold back the others.
 */
export async function relayFlowOutputs(s3: S3Client, objects: readonly FlowOutputObject[], settings: RelaySettings): Promise<RelayResult> {
  const relayed: { source: string; target: string }[] = [];
  const skipped: string[] = [];
  const problems: string[] = [];
  for (const object of objects) {
    const source = `s3://${object.bucket}/${object.key}`;
    // A run that pulled no records leaves nothing worth loading, and a 0-byte file (no header) is one
    // the loader refuses whole (README "Loading").
    if (object.size === 0) {
      skipped.push(`${source}: empty (0 bytes)`);
      continue;
    }
    let target: string;
    try {
      target = relayTarget(object, settings);
    } catch (error) {
      problems.push(...(error instanceof AppFlowRelayError ? error.problems : [String(error)]));
      continue;
    }
    await s3.send(
      new CopyObjectCommand({
        Bucket: object.bucket,
        Key: target,
        CopySource: `${object.bucket}/${object.key.split('/').map(encodeURIComponent).join('/')}`,
        ContentType: 'text/csv',
        MetadataDirective: 'REPLACE',
      }),
    );
    relayed.push({ source, target: `s3://${object.bucket}/${target}` });
  }
  if (problems.length > 0) throw new AppFlowRelayError(problems);
  return { relayed, skipped };
}
