import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validationError } from '../../../lib/data-api-endpoint/protocol/data-api-error.ts';
import { createJsonRpcServer } from '../../../lib/data-api-endpoint/protocol/json-rpc-server.ts';
import { ThrottleInjector } from '../../../lib/data-api-endpoint/protocol/throttle-injector.ts';

const throttle = new ThrottleInjector();
const server = createJsonRpcServer(
  {
    Echo: (body, caller) => ({ received: body, caller }),
    Refuse: () => {
      throw validationError('refused');
    },
    Crash: () => {
      throw new TypeError('unexpected');
    },
  },
  throttle,
);
let url: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The start of a SigV4 Authorization header; the server reads the access key id only. */
function signedBy(accessKeyId: string): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261206/us-east-1/redshift-data/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`;
}

async function call(
  target: string,
  body = '{}',
  method = 'POST',
  headers: Record<string, string> = { authorization: signedBy('AKIDEXAMPLE') },
): Promise<{ status: number; json: unknown; requestId: string | null }> {
  const response = await fetch(url, {
    method,
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1', ...headers },
    ...(method === 'POST' ? { body } : {}),
  });
  return { status: response.status, json: await response.json(), requestId: response.headers.get('x-amzn-requestid') };
}

describe('createJsonRpcServer', () => {
  it('dispatches on X-Amz-Target and answers JSON with a request id', async () => {
    const response = await call('RedshiftData.Echo', '{"Id":"a"}');
    expect(response).toMatchObject({ status: 200, json: { received: { Id: 'a' }, caller: 'AKIDEXAMPLE' } });
    expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a modeled error with its __type, message and HTTP status', async () => {
    expect(await call('RedshiftData.Refuse')).toMatchObject({
      status: 400,
      json: { __type: 'ValidationException', message: 'refused', Message: 'refused' },
    });
  });

  it('answers InternalServerException (500) for an unexpected failure', async () => {
    expect(await call('RedshiftData.Crash')).toMatchObject({ status: 500, json: { __type: 'InternalServerException', message: 'unexpected' } });
  });

  it('answers UnknownOperationException for another service’s target or a GET', async () => {
    expect(await call('Other.Echo')).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
    expect(await call('RedshiftData.Echo', '', 'GET')).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
  });

  it('throttles the next calls when asked to', async () => {
    throttle.throttleNext(1);
    expect(await call('RedshiftData.Echo')).toMatchObject({ status: 400, json: { __type: 'ThrottlingException', message: 'Rate exceeded' } });
    expect((await call('RedshiftData.Echo')).status).toBe(200);
  });

  it('hands the access key id of the SigV4 credential to the operation as the caller', async () => {
    expect(await call('RedshiftData.Echo', '{}', 'POST', { authorization: signedBy('ASIAOTHER') })).toMatchObject({
      status: 200,
      json: { caller: 'ASIAOTHER' },
    });
  });

  it('refuses a request that is not SigV4-signed', async () => {
    const unsigned: Record<string, string>[] = [{}, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'AWS4-HMAC-SHA256 Credential=' }];
    for (const headers of unsigned) {
      expect(await call('RedshiftData.Echo', '{}', 'POST', headers)).toMatchObject({
        status: 403,
        json: { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
      });
    }
  });

  it('refuses a Host other than 127.0.0.1 or localhost, as a DNS-rebinding page would send', async () => {
    const port = new URL(url).port;
    const answer = (host: string): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port, method: 'POST', path: '/', headers: { host, 'x-amz-target': 'RedshiftData.Echo', authorization: signedBy('AKIDEXAMPLE') } },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          },
        );
        request.on('error', reject);
        request.end('{}');
      });
    for (const host of ['attacker.example', 'attacker.example:' + port, '127.0.0.1.attacker.example', 'localhost.attacker.example:' + port, '10.0.0.1:' + port]) {
      const refused = await answer(host);
      expect(refused.status, host).toBe(403);
      expect(JSON.parse(refused.body), host).toMatchObject({
        __type: 'AccessDeniedException',
        message: `Host '${host}' refused: the local Data API endpoint answers only requests addressed to 127.0.0.1 or localhost`,
      });
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', 'LOCALHOST:' + port]) {
      expect((await answer(host)).status, host).toBe(200);
    }
  });
});
