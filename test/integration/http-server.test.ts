import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/api/backend.js';
import { startServer, type RunningServer } from '../../main/http/server.js';
import { seededBackend } from '../helpers/seed.js';
import { tempDir } from '../helpers/tmp.js';

let backend: Backend | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  await backend?.close();
  server = backend = undefined;
});

async function start() {
  const seeded = await seededBackend();
  backend = seeded.backend;
  const rendererDir = tempDir();
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Holdfast</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  server = await startServer({ backend, rendererDir });
  const base = `http://127.0.0.1:${server.port}`;
  const auth = { Authorization: `Bearer ${server.token}` };
  return { ...seeded, base, auth, server };
}

describe('holdfast serve (HTTP shell)', () => {
  it('refuses every request without the token', async () => {
    const { base } = await start();
    for (const path of ['/', '/assets/app.js', '/api/events', `/media/${'0'.repeat(64)}`]) {
      expect((await fetch(base + path)).status, path).toBe(401);
    }
    const call = await fetch(`${base}/api/call/app.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(call.status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
  });

  it('trades the token in the URL for an HttpOnly cookie that then works alone', async () => {
    const { base, server } = await start();
    const first = await fetch(`${base}/?token=${server.token}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const again = await fetch(`${base}/assets/app.js`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(again.status).toBe(200);
  });

  it('serves the API table as JSON with typed errors', async () => {
    const { base, auth } = await start();
    const post = (name: string, body: string) =>
      fetch(`${base}/api/call/${name}`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body });
    const ok = await post('items.list', JSON.stringify({ query: 'Harbor' }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, result: { total: 1 } });
    const bad = await post('items.list', JSON.stringify({ limit: -1 }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await post('items.list', '{not json')).status).toBe(400);
    expect((await post('nope', '{}')).status).toBe(404);
    const form = await fetch(`${base}/api/call/app.info`, { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
  });

  it('serves stored media with its type and byte ranges, and nothing outside the store', async () => {
    const { base, auth, blobSha, blobBytes } = await start();
    const full = await fetch(`${base}/media/${blobSha}`, { headers: auth });
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await full.arrayBuffer())).toEqual(blobBytes);
    const part = await fetch(`${base}/media/${blobSha}`, { headers: { ...auth, Range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 10-19/1000');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(blobBytes.subarray(10, 20));
    expect((await fetch(`${base}/media/${blobSha}`, { headers: { ...auth, Range: 'bytes=5000-' } })).status).toBe(416);
    expect((await fetch(`${base}/media/..%2f..%2fholdfast.sqlite`, { headers: auth })).status).toBe(400);
    expect((await fetch(`${base}/media/${'a'.repeat(64)}`, { headers: auth })).status).toBe(404);
  });

  it('refuses path traversal out of the UI folder', async () => {
    const { base, auth } = await start();
    for (const path of ['/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fholdfast.sqlite']) {
      expect((await fetch(base + path, { headers: auth })).status, path).toBe(404);
    }
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const { server, auth } = await start();
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: server.port, path: '/', headers: { ...auth, Host: 'evil.example:80' } }, (res) => resolve(res.statusCode ?? 0)).end();
    });
    expect(status).toBe(403);
  });
});
