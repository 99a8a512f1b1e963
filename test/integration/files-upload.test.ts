// Browser-mode folder import: the page uploads a dropped folder through the token-protected
// upload route (real HTTP server on 127.0.0.1), then asks files.import for the staged folder,
// which is removed afterwards. Paths cannot leave the upload folder; sizes and types are checked.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import { startServer, type RunningServer } from '../../main/http/server.js';
import { suiteTempDir } from '../helpers/tmp.js';

let backend: Backend;
let server: RunningServer;
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  const dir = suiteTempDir('holdfast-upload-');
  backend = openBackend(join(dir, 'library'), 'http');
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Holdfast</title>');
  server = await startServer({ backend, rendererDir });
  base = `http://127.0.0.1:${server.port}`;
  auth = { Authorization: `Bearer ${server.token}` };
});
afterAll(async () => {
  await server.close();
  await backend.close();
});

const upload = (batch: string, path: string, body: Buffer | string, headers: Record<string, string> = { ...auth, 'Content-Type': 'application/octet-stream' }) =>
  fetch(`${base}/api/upload?batch=${batch}&path=${encodeURIComponent(path)}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });

describe('uploading a dropped folder', () => {
  it('stages the files, imports them, and removes the staged copy', async () => {
    const batch = 'drop-0001';
    // The page strips the name of a single dropped folder: its contents are the import's root.
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } }).png().toBuffer();
    const a = await upload(batch, '翡翠.png', png);
    expect(a.status).toBe(200);
    const staged = ((await a.json()) as { result: { dir: string; path: string; size: number } }).result;
    expect(staged.size).toBe(png.length);
    expect(existsSync(staged.path)).toBe(true);
    expect((await upload(batch, '翡翠.json', JSON.stringify({ 藏品编号: '#8/88' }))).status).toBe(200);

    const r = await fetch(`${base}/api/call/files.import`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ dir: staged.dir, platform: '网易星球' }),
    });
    const result = ((await r.json()) as { ok: boolean; result: { itemsAdded: number; status: string } });
    expect(result).toMatchObject({ ok: true, result: { itemsAdded: 1, status: 'done' } });
    expect(existsSync(staged.dir)).toBe(false);
    const list = await fetch(`${base}/api/call/items.list`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{}' });
    expect(((await list.json()) as { result: { items: Array<{ name: string; serial: string }> } }).result.items).toMatchObject([{ name: '翡翠', serial: '#8/88' }]);
  });

  it('refuses uploads without the token, of the wrong type, or with a path that leaves the folder', async () => {
    expect((await upload('drop-0002', 'a.png', 'x', { 'Content-Type': 'application/octet-stream' })).status).toBe(401);
    expect((await upload('drop-0002', 'a.png', 'x', { ...auth, 'Content-Type': 'text/plain' })).status).toBe(415);
    for (const path of ['../../escape.png', '/etc/passwd', '..%2F..%2Fx.png', '']) {
      const r = await upload('drop-0002', path, 'x');
      expect(r.status, path).toBe(400);
    }
    expect((await upload('../x', 'a.png', 'x')).status).toBe(400);
    const get = await fetch(`${base}/api/upload?batch=drop-0002&path=a.png`, { headers: auth });
    expect(get.status).toBe(405);
  });
});
