/**
 * Lists the landing bucket and reads the first bytes of a file, for LoadRawDay. A deliberately
 * small S3 client: the project's dependencies carry the SDK's signer and credential chain (the
 * Redshift Data and Step Functions clients use them) but not the S3 client, so this signs two
 * REST calls, ListObjectsV2 and a ranged GetObject, itself with Signature V4. Failures are
 * translated like SDK ones: throttling and 5xx become retryable for the state machine.
 */
import { createHash, createHmac } from 'node:crypto';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, Checksum, SourceData } from '@smithy/types';
import { headerFromText } from '../landing/csv-header.ts';
import { PIPELINE_ERRORS } from './pipeline-contract.ts';
import { PipelineError } from './pipeline-errors.ts';

/** A listed object: its key, and its Size and LastModified, which every overwrite changes. */
export interface StoredObject {
  readonly key: string;
  readonly sizeBytes: number;
  readonly modifiedMs: number;
}

export interface ObjectStore {
  /** Every object under `prefix`, in key order. */
  list(prefix: string): Promise<StoredObject[]>;
  /** The first `bytes` bytes of an object (fewer if it is shorter). */
  head(key: string, bytes: number): Promise<Uint8Array>;
}

export type Fetch = (url: string, init: { method: string; headers: Record<string, string> }) => Promise<{
  status: number;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

export interface S3StoreOptions {
  readonly bucket: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentityProvider;
  /** @default globalThis.fetch */
  readonly fetch?: Fetch;
}

/** node:crypto as the signer's hash (the signer takes a constructor with an optional HMAC secret). */
class NodeSha256 implements Checksum {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new Error('NodeSha256 cannot be reset; make a new one');
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export class S3Store implements ObjectStore {
  private readonly signer: SignatureV4;
  private readonly fetch: Fetch;
  private readonly host: string;

  constructor(private readonly options: S3StoreOptions) {
    this.signer = new SignatureV4({ service: 's3', region: options.region, credentials: options.credentials, sha256: NodeSha256, uriEscapePath: false, applyChecksum: true });
    this.fetch = options.fetch ?? (globalThis.fetch as unknown as Fetch);
    this.host = `${options.bucket}.s3.${options.region}.amazonaws.com`;
  }

  /**
   * Each `Contents` element of ListObjectsV2 has the object's Key, LastModified and Size
   * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
   */
  async list(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix, ...(token === undefined ? {} : { 'continuation-token': token }) };
      const response = await this.send('ListObjectsV2', '/', query, {});
      const xml = await response.text();
      objects.push(...[...xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)].map((match) => listedObject(match[1] ?? '')));
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? decodeXml(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '') : undefined;
    } while (token !== undefined && token !== '');
    return objects;
  }

  async head(key: string, bytes: number): Promise<Uint8Array> {
    const path = `/${key.split('/').map(encodeURIComponent).join('/')}`;
    const response = await this.send('GetObject', path, {}, { range: `bytes=0-${Math.max(bytes - 1, 0)}` });
    return new Uint8Array(await response.arrayBuffer());
  }

  private async send(operation: string, path: string, query: Record<string, string>, headers: Record<string, string>) {
    const signed = await this.signer.sign({
      method: 'GET',
      protocol: 'https:',
      hostname: this.host,
      path,
      query,
      headers: { host: this.host, ...headers },
    });
    const search = new URLSearchParams(query).toString();
    let response;
    try {
      response = await this.fetch(`https://${this.host}${path}${search === '' ? '' : `?${search}`}`, { method: 'GET', headers: signed.headers as Record<string, string> });
    } catch (error) {
      throw new PipelineError(PIPELINE_ERRORS.transient, `S3 ${operation} could not be sent (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    if (response.status >= 200 && response.status < 300) return response;
    const body = await response.text();
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? `HTTP ${response.status}`;
    const message = `S3 ${operation} on s3://${this.options.bucket}${path} failed: ${code}`;
    if (response.status === 503 || code === 'SlowDown') throw new PipelineError(PIPELINE_ERRORS.throttled, message);
    if (response.status >= 500) throw new PipelineError(PIPELINE_ERRORS.transient, message);
    throw new Error(message);
  }
}

function listedObject(contents: string): StoredObject {
  const field = (name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(contents)?.[1];
  const key = decodeXml(field('Key') ?? '');
  const sizeBytes = Number(field('Size'));
  const modifiedMs = Date.parse(field('LastModified') ?? '');
  if (key === '' || !Number.isInteger(sizeBytes) || Number.isNaN(modifiedMs)) {
    throw new Error(`S3 ListObjectsV2 returned an object without Key, Size or LastModified: ${contents.slice(0, 200)}`);
  }
  return { key, sizeBytes, modifiedMs };
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

/** Bytes read for a header; a header longer than this is not one. */
export const HEADER_BYTES = 64 * 1024;

/**
 * The header row of a CSV from its first bytes (gzip included: a truncated stream inflates as
 * far as it goes). Undefined when no complete first line is there; `whole` says the bytes are the
 * whole (plain) file, so a header without a line break after it is still complete.
 */
export function headerFromBytes(bytes: Uint8Array, gzip: boolean, whole = false): string[] | undefined {
  let text: string;
  try {
    text = (gzip ? gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH }) : Buffer.from(bytes)).toString('utf8');
  } catch {
    return undefined;
  }
  return headerFromText(text, whole && !gzip)?.columns.slice();
}
