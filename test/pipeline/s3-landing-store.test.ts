import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { S3Store, headerFromBytes, type Fetch } from '../../lib/pipeline/s3-landing-store.ts';

const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

function fakeFetch(responses: { status: number; body: string | Uint8Array }[]) {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const fetch: Fetch = async (url, init) => {
    requests.push({ url, headers: init.headers });
    const response = responses.shift() ?? { status: 500, body: '' };
    const bytes = typeof response.body === 'string' ? new TextEncoder().encode(response.body) : response.body;
    return { status: response.status, text: async () => new TextDecoder().decode(bytes), arrayBuffer: async () => bytes.slice().buffer };
  };
  return { fetch, requests };
}

function contents(key: string, size: number): string {
  return `<Contents><Key>${key}</Key><LastModified>2026-11-24T01:02:03.000Z</LastModified><ETag>&quot;e&quot;</ETag><Size>${size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
}

describe('the landing bucket reader', () => {
  it('lists every page of a prefix with signed requests', async () => {
    const { fetch, requests } = fakeFetch([
      { status: 200, body: `<ListBucketResult>${contents('raw/accounts/a&amp;b.csv', 12)}<IsTruncated>true</IsTruncated><NextContinuationToken>t+1</NextContinuationToken></ListBucketResult>` },
      { status: 200, body: `<ListBucketResult>${contents('raw/accounts/c.csv', 0)}<IsTruncated>false</IsTruncated></ListBucketResult>` },
    ]);
    const store = new S3Store({ bucket: 'landing', region: 'eu-west-1', credentials, fetch });
    const modifiedMs = Date.parse('2026-11-24T01:02:03.000Z');
    expect(await store.list('raw/accounts/')).toEqual([
      { key: 'raw/accounts/a&b.csv', sizeBytes: 12, modifiedMs },
      { key: 'raw/accounts/c.csv', sizeBytes: 0, modifiedMs },
    ]);
    expect(requests[0]?.url).toBe('https://landing.s3.eu-west-1.amazonaws.com/?list-type=2&prefix=raw%2Faccounts%2F');
    expect(requests[1]?.url).toContain('continuation-token=t%2B1');
    expect(requests[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
    expect(requests[0]?.headers['x-amz-content-sha256']).toBeDefined();
  });

  it('refuses a listing entry without its Size or LastModified, since unchanged days are recognised by them', async () => {
    const { fetch } = fakeFetch([{ status: 200, body: '<ListBucketResult><Contents><Key>raw/a.csv</Key></Contents><IsTruncated>false</IsTruncated></ListBucketResult>' }]);
    const store = new S3Store({ bucket: 'landing', region: 'eu-west-1', credentials, fetch });
    await expect(store.list('raw/')).rejects.toThrow('S3 ListObjectsV2 returned an object without Key, Size or LastModified: <Key>raw/a.csv</Key>');
  });

  it('reads the first bytes of an object with a Range request', async () => {
    const { fetch, requests } = fakeFetch([{ status: 206, body: 'id,name\n1,a' }]);
    const store = new S3Store({ bucket: 'landing', region: 'eu-west-1', credentials, fetch });
    expect(new TextDecoder().decode(await store.head('raw/accounts/ingest_date=2026-11-24/a b.csv', 1024))).toBe('id,name\n1,a');
    expect(requests[0]?.url).toBe('https://landing.s3.eu-west-1.amazonaws.com/raw/accounts/ingest_date%3D2026-11-24/a%20b.csv');
    expect(requests[0]?.headers.range).toBe('bytes=0-1023');
  });

  it('makes SlowDown and 5xx retryable for the state machine, and fails on the rest', async () => {
    const slow = new S3Store({ bucket: 'landing', region: 'eu-west-1', credentials, fetch: fakeFetch([{ status: 503, body: '<Error><Code>SlowDown</Code></Error>' }]).fetch });
    await expect(slow.list('raw/')).rejects.toMatchObject({ name: 'PipelineThrottled' });
    const broken = new S3Store({ bucket: 'landing', region: 'eu-west-1', credentials, fetch: fakeFetch([{ status: 500, body: '<Error><Code>InternalError</Code></Error>' }]).fetch });
    await expect(broken.list('raw/')).rejects.toMatchObject({ name: 'PipelineTransient' });
    const denied = new S3Store({ bucket: 'landing', region: 'eu-west-1', credentials, fetch: fakeFetch([{ status: 403, body: '<Error><Code>AccessDenied</Code></Error>' }]).fetch });
    await expect(denied.list('raw/')).rejects.toThrow('S3 ListObjectsV2 on s3://landing/ failed: AccessDenied');
    const offline = new S3Store({ bucket: 'landing', region: 'eu-west-1', credentials, fetch: async () => Promise.reject(new Error('getaddrinfo ENOTFOUND')) });
    await expect(offline.head('raw/a.csv', 10)).rejects.toMatchObject({ name: 'PipelineTransient', message: expect.stringContaining('ENOTFOUND') });
  });
});

describe('CSV headers from the first bytes', () => {
  it('reads a plain header, with a BOM, quotes and CRLF', () => {
    expect(headerFromBytes(new TextEncoder().encode('\uFEFFaccount_id,"account, name",city\r\nA1,"x",y'), false)).toEqual(['account_id', 'account, name', 'city']);
  });

  it('reads the header of a gzip file from a truncated prefix of it', () => {
    const zipped = gzipSync(Buffer.from(`account_id,account_name\n${'A1,Acme\n'.repeat(50_000)}`));
    expect(headerFromBytes(zipped.subarray(0, 200), true)).toEqual(['account_id', 'account_name']);
  });

  it('gives up on bytes without a complete first line, or that are not gzip', () => {
    expect(headerFromBytes(new TextEncoder().encode('account_id,account_na'), false)).toBeUndefined();
    expect(headerFromBytes(new TextEncoder().encode('account_id,account_name'), false, true)).toEqual(['account_id', 'account_name']);
    expect(headerFromBytes(new TextEncoder().encode('not gzip at all'), true)).toBeUndefined();
  });
});
