/**
 * Lists an S3 landing prefix for the Redshift loader: every `raw/<table>/ingest_date=<day>/` folder
 * with its objects, their size and modification time (so unchanged days are skipped) and, for CSV
 * files, their header row (so added or reordered columns load by name, as on DuckDB), read with the
 * loaders' one CSV splitter. Two sources: real S3 through the SDK, or a local folder standing in for
 * S3 (the one the local Data API endpoint's COPY reads: `s3://bucket/key` is `<s3Root>/bucket/key`).
 */
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { LandingDayListing, LandingObject } from '../engines/redshift-data/landing-listing.ts';
import { readCsvHeader } from '../landing/csv-header.ts';
import { EXTRACT_FILE, isGzipPath } from '../landing/landing-layout.ts';
import { headerFromBytes } from '../pipeline/s3-landing-store.ts';

const DAY_KEY = /^raw\/([^/]+)\/ingest_date=([^/]+)\/[^/]+$/;
/** Enough for any header row of the contract; a header longer than this is read as absent. */
const HEADER_BYTES = 16 * 1024;

export interface S3Prefix {
  readonly bucket: string;
  /** Key prefix without leading or trailing slash ('' for the bucket root). */
  readonly prefix: string;
}

export function parseS3Uri(uri: string): S3Prefix {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (match === null) throw new Error(`expected an s3://bucket/prefix landing location, got '${uri}'`);
  return { bucket: match[1] as string, prefix: (match[2] as string).replace(/\/+$/, '') };
}

/** Groups landing-relative object keys into day folders; keys outside `raw/<table>/ingest_date=<day>/` are ignored. */
export function groupByDay(objects: readonly LandingObject[]): LandingDayListing[] {
  const days = new Map<string, { table: string; ingestDate: string; objects: LandingObject[] }>();
  for (const object of objects) {
    const match = DAY_KEY.exec(object.path);
    if (match === null) continue;
    const key = `${match[1]}/${match[2]}`;
    const day = days.get(key) ?? { table: match[1] as string, ingestDate: match[2] as string, objects: [] };
    day.objects.push(object);
    days.set(key, day);
  }
  return [...days.values()].sort((a, b) => `${a.table}/${a.ingestDate}`.localeCompare(`${b.table}/${b.ingestDate}`));
}

export async function listS3Landing(client: S3Client, uri: string): Promise<LandingDayListing[]> {
  const { bucket, prefix } = parseS3Uri(uri);
  const base = prefix === '' ? '' : `${prefix}/`;
  const objects: LandingObject[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${base}raw/`, ContinuationToken: continuationToken }));
    for (const item of page.Contents ?? []) {
      if (item.Key === undefined) continue;
      const path = item.Key.slice(base.length);
      const header = EXTRACT_FILE.test(path) ? await s3Header(client, bucket, item.Key) : undefined;
      const version = { ...(item.Size === undefined ? {} : { sizeBytes: item.Size }), ...(item.LastModified === undefined ? {} : { modifiedMs: item.LastModified.getTime() }) };
      objects.push(header === undefined ? { path, ...version } : { path, header, ...version });
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken !== undefined);
  return groupByDay(objects);
}

async function s3Header(client: S3Client, bucket: string, key: string): Promise<readonly string[] | undefined> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${HEADER_BYTES - 1}` }));
  const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  return headerFromBytes(bytes, isGzipPath(key), bytes.length < HEADER_BYTES);
}

export async function listLocalLanding(s3Root: string, uri: string): Promise<LandingDayListing[]> {
  const { bucket, prefix } = parseS3Uri(uri);
  const root = join(s3Root, bucket, ...prefix.split('/').filter(Boolean));
  const objects: LandingObject[] = [];
  for (const file of await filesUnder(join(root, 'raw'))) {
    const path = relative(root, file).split(sep).join('/');
    const info = await stat(file);
    const version = { sizeBytes: info.size, modifiedMs: info.mtimeMs };
    if (!EXTRACT_FILE.test(path)) {
      objects.push({ path, ...version });
      continue;
    }
    const header = await readCsvHeader(file).catch(() => undefined);
    objects.push(header === undefined || header.columns.length === 0 ? { path, ...version } : { path, header: header.columns, ...version });
  }
  return groupByDay(objects);
}

async function filesUnder(folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : Promise.resolve([join(folder, entry.name)]))),
  );
  return nested.flat();
}
