import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileFor, serveDocsSite, type DocsServer } from '../../lib/docs/serve-docs-site.ts';

const root = mkdtempSync(join(tmpdir(), 'crm-docs-serve-'));
const site = join(root, 'docs');
let server: DocsServer;

beforeAll(async () => {
  mkdirSync(join(site, 'models'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<h1>index</h1>');
  writeFileSync(join(site, 'models', 'fact_deals.html'), '<h1>fact_deals</h1>');
  writeFileSync(join(site, 'lineage.json'), '{}');
  writeFileSync(join(root, 'secret.txt'), 'outside the site');
  server = await serveDocsSite(site, 0);
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('serveDocsSite', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves pages and files with their content type, and a folder as its index.html', async () => {
    const index = await fetch(server.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toBe('<h1>index</h1>');
    const model = await fetch(`${server.url}models/fact_deals.html?from=search#column-amount`);
    expect(await model.text()).toBe('<h1>fact_deals</h1>');
    expect((await fetch(`${server.url}lineage.json`)).headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('answers HEAD without a body', async () => {
    const head = await fetch(`${server.url}index.html`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('14');
    expect(await head.text()).toBe('');
  });

  it('answers 404 for a missing file and a folder without index.html', async () => {
    expect((await fetch(`${server.url}models/nope.html`)).status).toBe(404);
    expect((await fetch(`${server.url}models/`)).status).toBe(404);
  });

  it('answers 405 to anything but GET and HEAD', async () => {
    const posted = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses a request for another host name (DNS rebinding) with 421, and serves loopback names', async () => {
    const statusFor = (host: string): Promise<number | undefined> =>
      new Promise((done, fail) => {
        request(server.url, { headers: { Host: host } }, (response) => {
          response.resume();
          done(response.statusCode);
        })
          .on('error', fail)
          .end();
      });
    const port = new URL(server.url).port;
    expect(await statusFor(`attacker.example:${port}`)).toBe(421);
    expect(await statusFor(`localhost:${port}`)).toBe(200);
  });

  it('never serves a file outside the site folder', async () => {
    for (const path of ['../secret.txt', '..%2fsecret.txt', '%2e%2e/secret.txt', 'models/..%2f..%2fsecret.txt']) {
      const response = await fetch(`${server.url}${path}`);
      expect([400, 404], path).toContain(response.status);
      expect(await response.text(), path).not.toContain('outside the site');
    }
  });

  it('maps URL paths inside the root only', () => {
    expect(fileFor('/site', '/models/a.html')).toBe('/site/models/a.html');
    expect(fileFor('/site', '/..%2f..%2fetc/passwd')).toBeUndefined();
    expect(fileFor('/site', '/a%00b')).toBeUndefined();
    expect(fileFor('/site', '/%E0%A4%A')).toBeUndefined();
  });

  it('says which port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(serveDocsSite(site, port)).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use; choose another with --port`);
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  });
});
