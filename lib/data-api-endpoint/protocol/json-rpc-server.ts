import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  DataApiError,
  internalError,
  serializationError,
  throttlingError,
  unknownOperation,
} from './data-api-error.ts';
import { callerIdentity } from './caller-identity.ts';
import { checkLoopbackHost } from './loopback-host.ts';
import type { ThrottleInjector } from './throttle-injector.ts';

/** One Data API operation: the parsed JSON request body and the caller's identity in, the response body out. */
export type OperationHandler = (body: Readonly<Record<string, unknown>>, caller: string) => unknown;

const TARGET_PREFIX = 'RedshiftData.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * An HTTP server speaking the AWS JSON 1.1 protocol: every call is `POST /` with the operation in
 * `X-Amz-Target: RedshiftData.<Operation>` and a JSON body; answers are JSON, errors carry their
 * type in `__type` and the HTTP status of the service model. Requests must be addressed to
 * loopback (loopback-host.ts) and SigV4-signed; the signature is not checked, so any region and
 * credentials work, but the access key id is the caller's identity (caller-identity.ts).
 */
export function createJsonRpcServer(
  handlers: Readonly<Record<string, OperationHandler>>,
  throttle: ThrottleInjector,
): Server {
  return createServer((request, response) => {
    void handle(request, response, handlers, throttle);
  });
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  handlers: Readonly<Record<string, OperationHandler>>,
  throttle: ThrottleInjector,
): Promise<void> {
  try {
    const body = await readBody(request);
    checkLoopbackHost(request.headers.host);
    const caller = callerIdentity(request.headers.authorization);
    const target = request.headers['x-amz-target'];
    const operation = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    const handler = request.method === 'POST' ? handlers[operation] : undefined;
    if (handler === undefined) throw unknownOperation(typeof target === 'string' ? target : `${request.method} ${request.url}`);
    if (throttle.takeOne()) throw throttlingError();
    send(response, 200, await handler(parseJson(body), caller));
  } catch (error) {
    const failure = error instanceof DataApiError ? error : internalError((error as Error).message);
    send(response, failure.httpStatus, {
      __type: failure.type,
      message: failure.message,
      Message: failure.message,
      ...failure.members,
    });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw serializationError('Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw serializationError('Request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}
