/// <reference lib="dom" />
// The item page's still in a real Chromium against the real HTTP shell: the item's 768 px
// preview shows at once while the 3D viewer or a picture's original is still loading (their
// downloads are held back here), and stays, with a note, where the browser cannot show the
// media itself (a TIFF picture, a video it cannot decode).
import { join } from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { ItemPreviews } from '../../main/api/contract.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { attachFile, upsertItem } from '../../main/core/db/items.js';
import { makeModelGlb } from '../../main/core/demo/media/index.js';
import { buildPreviews } from '../../main/core/previews/build-previews.js';
import { startServer, type RunningServer } from '../../main/http/server.js';
import { launchChromium } from '../helpers/browser.js';
import { REPO } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

let backend: Backend;
let server: RunningServer;
let browser: Browser;
const ids: Record<'model' | 'tiff' | 'video' | 'png', string> = { model: '', tiff: '', video: '', png: '' };
const shas: Record<string, string> = {};

const picture = (color: string, format: 'png' | 'tiff', size = 1600) =>
  sharp({ create: { width: size, height: Math.round(size * 0.75), channels: 3, background: color } })
    .composite([{ input: Buffer.from(`<svg width="${size}" height="${Math.round(size * 0.75)}"><circle cx="${size / 2}" cy="${size / 3}" r="${size / 5}" fill="#fff"/></svg>`) }])
    .toFormat(format)
    .toBuffer();

beforeAll(async () => {
  backend = openBackend(join(suiteTempDir('holdfast-e2e-still-'), 'lib'), 'http');
  const { db, blobs } = backend.ctx.library;
  upsertPlatform(db, { id: 'p', name: 'P', kind: 'custodial' });
  upsertAccount(db, { id: 'a', kind: 'platform', platformId: 'p', name: 'Still account' });
  const add = async (key: keyof typeof ids, mediaType: 'model' | 'image' | 'video', files: Array<{ role: 'model' | 'image' | 'video' | 'poster'; bytes: Uint8Array; mime: string }>) => {
    ids[key] = upsertItem(db, 'a', 'p', { externalId: key, name: `still ${key}`, mediaType }).id;
    for (const f of files) {
      const stored = await blobs.put(f.bytes);
      shas[`${key}:${f.role}`] = stored.sha256;
      attachFile(db, ids[key], { role: f.role, ...stored, mime: f.mime, fileName: `${key}-${f.role}` });
    }
  };
  await add('model', 'model', [
    { role: 'model', bytes: await makeModelGlb('lantern', { seed: 5, title: 'lantern' }), mime: 'model/gltf-binary' },
    { role: 'poster', bytes: await picture('#7a3', 'png'), mime: 'image/png' },
  ]);
  await add('tiff', 'image', [{ role: 'image', bytes: await picture('#36a', 'tiff'), mime: 'image/tiff' }]);
  await add('video', 'video', [
    { role: 'video', bytes: Buffer.from('not really an mp4 '.repeat(200)), mime: 'video/mp4' },
    { role: 'poster', bytes: await picture('#a36', 'png'), mime: 'image/png' },
  ]);
  await add('png', 'image', [{ role: 'image', bytes: await picture('#963', 'png', 3000), mime: 'image/png' }]);
  // Posters stand in for 3D renders: this is about what the page shows, not how it was drawn.
  await buildPreviews(backend.ctx.library, { renderer3d: null });
  for (const key of Object.keys(ids) as Array<keyof typeof ids>) {
    const r = (await backend.call('previews.get', { id: ids[key] })) as { ok: true; result: ItemPreviews };
    shas[`${key}:preview`] = r.result.thumbnails.large!.sha256;
  }
  server = await startServer({ backend, rendererDir: join(REPO, 'out', 'renderer'), host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await backend?.close();
});

/** Opens an item page, holding back every request for `held` until release() is called. */
async function openItem(id: string, held: string | null, locale = 'en-US'): Promise<{ page: Page; release(): Promise<void> }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale });
  const waiting: Route[] = [];
  let released = false;
  if (held) {
    await page.route(`**/media/${held}*`, (route) => {
      if (released) return route.continue();
      waiting.push(route);
    });
  }
  await page.goto(server.url);
  await page.goto(`http://127.0.0.1:${server.port}/#/item/${id}`);
  return {
    page,
    async release() {
      released = true;
      await Promise.all(waiting.splice(0).map((r) => r.continue()));
    },
  };
}

const srcOf = (page: Page, selector: string) => page.locator(selector).first().getAttribute('src');

describe('the still on the item page', () => {
  it('shows the 768 px preview while the 3D viewer loads the model', async () => {
    const { page, release } = await openItem(ids.model, shas['model:model']!);
    const poster = page.locator('.model-poster');
    await poster.waitFor();
    expect(await srcOf(page, '.model-poster')).toContain(shas['model:preview']);
    expect(shas['model:preview']).not.toBe(shas['model:poster']);
    await release();
    await page.close();
  }, 60_000);

  it('shows the preview at once while a large picture loads, then the picture in its place', async () => {
    const { page, release } = await openItem(ids.png, shas['png:image']!);
    await page.getByTestId('media-still').waitFor();
    expect(await srcOf(page, '[data-testid="media-still"]')).toContain(shas['png:preview']);
    expect(await page.getByTestId('media-image').getAttribute('data-state')).toBe('loading');
    await release();
    await expect.poll(() => page.getByTestId('media-image').getAttribute('data-state'), { timeout: 30_000 }).toBe('shown');
    expect(await page.getByTestId('media-still').count()).toBe(0);
    expect(await page.getByTestId('media-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(3000);
    await page.close();
  }, 60_000);

  it('keeps the preview, with a note, for a picture the browser cannot show (TIFF)', async () => {
    const { page } = await openItem(ids.tiff, null);
    const still = page.getByTestId('media-still');
    await still.waitFor();
    expect(await still.getAttribute('src')).toContain(shas['tiff:preview']);
    await expect.poll(() => still.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(768);
    expect(await page.locator('.item-media').textContent()).toContain('This picture can’t be shown here; this is its preview.');
    expect(await page.getByTestId('media-image').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('keeps the preview, with a note, for a video the browser cannot play — in Chinese', async () => {
    const { page } = await openItem(ids.video, null, 'zh-CN');
    const still = page.getByTestId('media-still');
    await still.waitFor({ timeout: 30_000 });
    expect(await still.getAttribute('src')).toContain(shas['video:preview']);
    expect(await page.locator('.item-media').textContent()).toContain('无法在此播放这段视频');
    await page.close();
  }, 60_000);
});
