// "View in AR" from a phone: `holdfast serve --lan` accepts this machine's LAN address as a
// host, and each item's phone page and AR files open with a key valid for that item only.
// Requests go to 127.0.0.1 with the LAN host name in the Host header (no traffic leaves).
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { ItemPreviews, ItemSummary } from '../../main/api/contract.js';
import { checkUsdz } from '../../main/core/ar/usdz-check.js';
import { createDemoLibrary } from '../../main/core/demo/create-demo.js';
import { startServer, type RunningServer } from '../../main/http/server.js';
import { suiteTempDir } from '../helpers/tmp.js';

const LAN = '192.168.77.10';
let backend: Backend;
let server: RunningServer;
let items: ItemSummary[];

function get(path: string, host: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { Host: host, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function previews(id: string): Promise<ItemPreviews> {
  const r = await backend.call('previews.get', { id });
  if (!r.ok) throw new Error(r.error.message);
  return r.result as ItemPreviews;
}

beforeAll(async () => {
  // 3D renders are not what this file tests (previews-demo does); posters make the thumbnails.
  process.env.HOLDFAST_RENDER3D = 'off';
  backend = openBackend(join(suiteTempDir('holdfast-ar-lan-'), 'lib'), 'http');
  await createDemoLibrary(backend.ctx.library, backend.ctx.sync);
  const list = await backend.call('items.list', { limit: 100 });
  items = (list.ok ? (list.result as { items: ItemSummary[] }).items : []);
  server = await startServer({ backend, rendererDir: suiteTempDir(), host: '127.0.0.1', lan: { addresses: [LAN] } });
}, 180_000);

afterAll(async () => {
  delete process.env.HOLDFAST_RENDER3D;
  await server?.close();
  await backend?.close();
});

describe('phone links over the LAN', () => {
  it('prints a LAN address with the token, and accepts that host name only with the token', async () => {
    expect(server.lanUrls).toEqual([`http://${LAN}:${server.port}/?token=${server.token}`]);
    expect((await get('/api/events', `${LAN}:${server.port}`)).status).toBe(401);
    expect((await get('/', `evil.example:${server.port}`)).status).toBe(403);
  });

  it("opens a 3D item's phone page with Scene Viewer and Quick Look links, and serves its AR files", async () => {
    const model = items.find((i) => i.mediaType === 'model')!;
    const p = await previews(model.id);
    expect(p.phoneUrl).toMatch(new RegExp(`^http://${LAN.replaceAll('.', '\\.')}:${server.port}/ar/${model.id}\\?k=`));
    const path = p.phoneUrl!.slice(`http://${LAN}:${server.port}`.length);
    const page = await get(path, `${LAN}:${server.port}`, { 'Accept-Language': 'zh-CN,zh;q=0.9' });
    expect(page.status).toBe(200);
    const html = page.body.toString('utf8');
    expect(html).toContain('intent://arvr.google.com/scene-viewer/1.2?file=');
    expect(html).toMatch(/<a rel="ar" href="\/ar\/[0-9a-f]+\/model\.usdz\?k=[^"]+"><img /);
    expect(html).toContain('真实尺寸的三维物件');
    const key = new URL(p.phoneUrl!).searchParams.get('k')!;
    const glb = await get(`/ar/${model.id}/model.glb?k=${key}`, `${LAN}:${server.port}`);
    expect([glb.status, glb.type, glb.body.subarray(0, 4).toString('latin1')]).toEqual([200, 'model/gltf-binary', 'glTF']);
    const usdz = await get(`/ar/${model.id}/model.usdz?k=${key}`, `${LAN}:${server.port}`);
    expect([usdz.status, usdz.type]).toEqual([200, 'model/vnd.usdz+zip']);
    expect(checkUsdz(usdz.body).problems).toEqual([]);
  });

  it('asks Scene Viewer for wall placement for a framed picture', async () => {
    const picture = items.find((i) => i.mediaType === 'image')!;
    const p = await previews(picture.id);
    const html = (await get(p.phoneUrl!.slice(`http://${LAN}:${server.port}`.length), `${LAN}:${server.port}`)).body.toString('utf8');
    expect(html).toContain('enable_vertical_placement=true');
    expect(html).toContain('40 cm');
  });

  it("refuses another item's key, and a key never opens the app or the API", async () => {
    const [a, b] = items;
    const keyOfA = new URL((await previews(a!.id)).phoneUrl!).searchParams.get('k')!;
    expect((await get(`/ar/${b!.id}?k=${keyOfA}`, `${LAN}:${server.port}`)).status).toBe(403);
    expect((await get(`/ar/${b!.id}/model.glb?k=${keyOfA}`, `${LAN}:${server.port}`)).status).toBe(403);
    expect((await get(`/?k=${keyOfA}`, `${LAN}:${server.port}`)).status).toBe(401);
    expect((await get(`/?token=${keyOfA}`, `${LAN}:${server.port}`)).status).toBe(401);
  });
});
