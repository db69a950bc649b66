import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validationError } from '../../../../lib/testing/data-api/protocol/data-api-error.ts';
import { createJsonRpcServer } from '../../../../lib/testing/data-api/protocol/json-rpc-server.ts';
import { ThrottleInjector } from '../../../../lib/testing/data-api/protocol/throttle-injector.ts';

const throttle = new ThrottleInjector();
const server = createJsonRpcServer(
  {
    Echo: (body) => ({ received: body }),
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

async function call(target: string, body = '{}', method = 'POST'): Promise<{ status: number; json: unknown; requestId: string | null }> {
  const response = await fetch(url, {
    method,
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
    ...(method === 'POST' ? { body } : {}),
  });
  return { status: response.status, json: await response.json(), requestId: response.headers.get('x-amzn-requestid') };
}

describe('createJsonRpcServer', () => {
  it('dispatches on X-Amz-Target and answers JSON with a request id', async () => {
    const response = await call('RedshiftData.Echo', '{"Id":"a"}');
    expect(response).toMatchObject({ status: 200, json: { received: { Id: 'a' } } });
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
});
