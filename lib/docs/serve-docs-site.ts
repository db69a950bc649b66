/**
 * `crm-warehouse docs --serve`: a static file server for target/docs on 127.0.0.1 (never on other
 * interfaces: the site shows the warehouse's test samples). GET and HEAD only, for a loopback `Host`
 * only (lib/http/loopback-host.ts); a path that climbs out of the site folder is refused; a folder
 * serves its index.html.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { isLoopbackHost } from '../http/loopback-host.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface DocsServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `root`; port 0 takes any free port. Rejects with a readable message when the port is taken. */
export async function serveDocsSite(root: string, port: number): Promise<DocsServer> {
  const siteRoot = resolve(root);
  const server = createServer((request, response) => {
    respond(siteRoot, request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, `Internal error: ${(error as Error).message}`);
      else response.destroy();
    });
  });
  await listen(server, port);
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      fail(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} on 127.0.0.1 is already in use; choose another with --port`)
          : new Error(`cannot serve the docs on 127.0.0.1:${port}: ${error.message}`),
      );
    });
    server.listen(port, '127.0.0.1', () => done());
  });
}

async function respond(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (!isLoopbackHost(request.headers.host)) {
    send(response, 421, 'Misdirected request: this server answers only for 127.0.0.1 and localhost');
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    send(response, 405, 'Method not allowed');
    return;
  }
  const file = fileFor(root, request.url ?? '/');
  if (file === undefined) {
    send(response, 400, 'Bad request');
    return;
  }
  const found = await stat(file).catch(() => undefined);
  const target = found?.isDirectory() ? join(file, 'index.html') : file;
  const info = found?.isDirectory() ? await stat(target).catch(() => undefined) : found;
  if (info === undefined || !info.isFile()) {
    send(response, 404, 'Not found');
    return;
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    // The site is rewritten by every `docs` run: never serve a stale page.
    'Cache-Control': 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(target).pipe(response);
}

/** The file a URL path names inside `root`, or undefined when it is malformed or escapes `root`. */
export function fileFor(root: string, url: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  const file = normalize(join(root, path));
  return file === root || file.startsWith(root + sep) ? file : undefined;
}

function send(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${message}\n`);
}
