/// <reference lib="dom" />
// "View in AR" on an item page in a real Chromium: the AR files to download, the QR code and
// link a phone on the same Wi-Fi opens (LAN mode, with a LAN address given to the server),
// and rebuilding an item's previews from the page.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { ItemPreviews, ItemSummary } from '../../main/api/contract.js';
import { createDemoLibrary } from '../../main/core/demo/create-demo.js';
import { startServer, type RunningServer } from '../../main/http/server.js';
import { launchChromium } from '../helpers/browser.js';
import { REPO } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

const artifacts = join(REPO, 'test', 'artifacts');
let backend: Backend;
let server: RunningServer;
let browser: Browser;
let items: ItemSummary[];

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  process.env.HOLDFAST_RENDER3D = 'off'; // posters make the 3D thumbnails here; renders are tested in previews-demo
  backend = openBackend(join(suiteTempDir('holdfast-e2e-ar-'), 'lib'), 'http');
  await createDemoLibrary(backend.ctx.library, backend.ctx.sync);
  const r = await backend.call('items.list', { limit: 100 });
  items = r.ok ? (r.result as { items: ItemSummary[] }).items : [];
  server = await startServer({ backend, rendererDir: join(REPO, 'out', 'renderer'), host: '127.0.0.1', lan: { addresses: ['192.168.77.10'] } });
  browser = await launchChromium();
});

afterAll(async () => {
  delete process.env.HOLDFAST_RENDER3D;
  await browser?.close();
  await server?.close();
  await backend?.close();
});

describe('View in AR', () => {
  it('offers the framed picture as GLB and USDZ with a QR code to the phone page, in Chinese', async () => {
    const picture = items.find((i) => i.mediaType === 'image')!;
    const info = (await backend.call('previews.get', { id: picture.id })) as { ok: true; result: ItemPreviews };
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.goto(`http://127.0.0.1:${server.port}/#/item/${picture.id}`);
    const panel = page.getByTestId('ar-panel');
    await panel.waitFor();
    await panel.scrollIntoViewIfNeeded();
    await expect.poll(() => panel.locator('h2').textContent()).toBe('AR 查看');
    await expect.poll(() => panel.textContent()).toContain('长边 40 厘米');
    const qr = page.getByTestId('ar-qr');
    await qr.waitFor();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await panel.getByRole('link', { name: '打开手机页面' }).getAttribute('href')).toBe(info.result.phoneUrl);
    const glbLink = page.getByTestId('ar-file-glb');
    expect(await glbLink.getAttribute('download')).toBe(`${picture.name}.glb`);
    const glb = await page.evaluate(async (href) => new Uint8Array(await (await fetch(href)).arrayBuffer()).slice(0, 4), (await glbLink.getAttribute('href'))!);
    expect(String.fromCharCode(...Object.values(glb))).toBe('glTF');
    expect(await page.getByTestId('ar-file-usdz').getAttribute('download')).toBe(`${picture.name}.usdz`);
    await page.screenshot({ path: join(artifacts, 'ar-panel-zh.png') });

    // Rebuild from the page: the button shows progress, then the files are there again.
    await page.getByTestId('ar-build').click();
    await expect.poll(() => page.getByTestId('ar-build').isEnabled(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('ar-file-usdz').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
