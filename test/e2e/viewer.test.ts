/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The viewer in a real Chromium against `holdfast serve`: the demo library plus items made here
// for what the demo lacks (a Draco-compressed GLB, a Meshopt-compressed GLB, a GLB with a
// Basis Universal KTX2 texture, a .gltf whose
// buffer and texture are separate files, an HTML artwork that tries the network). Browse,
// filter, search, list view; every 3D kind draws a picture that is not blank; animations pause;
// a video plays; the HTML runs sandboxed and offline; opening model after model never runs out
// of WebGL contexts; the pages and the language switch. Screenshots go to test/artifacts/.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appMetaContentSecurityPolicy } from '../../main/common/app-csp.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { attachFile, upsertItem } from '../../main/core/db/items.js';
import { Library } from '../../main/core/library.js';
import { dragFromMiddle, launchChromium } from '../helpers/browser.js';
import { meanAbsDifference } from '../helpers/pixels.js';
import { makeGltfFixtures } from '../helpers/gltf-fixtures.js';
import { REPO, holdfast, holdfastServe } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

const artifacts = join(REPO, 'test', 'artifacts');
let server: Awaited<ReturnType<typeof holdfastServe>>;
let browser: Browser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const dir = join(suiteTempDir('holdfast-viewer-'), 'library');
  const demo = holdfast(['demo', '--no-platform', '--library', dir]);
  expect(demo.status, demo.stderr).toBe(0);

  const models = await makeGltfFixtures();
  const html = `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#123"><canvas id="c" width="300" height="300"></canvas>
<p id="net" style="color:#fff;font:20px sans-serif">checking…</p>
<script>
const g = document.getElementById('c').getContext('2d');
g.fillStyle = '#f2c14e'; g.beginPath(); g.arc(150, 150, 90, 0, 7); g.fill();
document.body.dataset.ran = 'yes';
fetch('http://127.0.0.1:9/').then(() => { net.textContent = 'network reached'; }, () => { net.textContent = 'network blocked'; });
</script>`;

  const library = Library.open(dir);
  const { db, blobs } = library;
  upsertPlatform(db, { id: 'fixtures', name: 'Fixtures', nameZh: '测试样本', kind: 'files' });
  upsertAccount(db, { id: 'fixtures', kind: 'files', platformId: 'fixtures', name: 'fixtures' });
  const add = async (key: string, name: string, mediaType: 'model' | 'html', files: Array<{ role: 'model' | 'animation' | 'other'; bytes: Uint8Array | string; mime: string; fileName?: string }>) => {
    const { id } = upsertItem(db, 'fixtures', 'fixtures', { externalId: key, name, mediaType, acquiredAt: '2020-01-01T00:00:00.000Z' });
    for (const f of files) {
      const stored = await blobs.put(typeof f.bytes === 'string' ? f.bytes : Buffer.from(f.bytes));
      attachFile(db, id, { role: f.role, sha256: stored.sha256, size: stored.size, mime: f.mime, fileName: f.fileName ?? null });
    }
    ids[key] = id;
  };
  await add('draco', 'Fixture Draco box', 'model', [{ role: 'model', bytes: models.draco, mime: 'model/gltf-binary', fileName: 'box.glb' }]);
  await add('meshopt', 'Fixture Meshopt box', 'model', [{ role: 'model', bytes: models.meshopt, mime: 'model/gltf-binary', fileName: 'box.glb' }]);
  // A model cut short in transfer: the viewer must say so, not hang or go blank.
  await add('broken', 'Fixture broken GLB', 'model', [{ role: 'model', bytes: models.draco.subarray(0, 300), mime: 'model/gltf-binary', fileName: 'box.glb' }]);
  // A model whose file has gone from the library folder (deleted by hand, a disk error).
  await add('missing', 'Fixture missing GLB', 'model', [{ role: 'model', bytes: 'not kept', mime: 'model/gltf-binary', fileName: 'gone.glb' }]);
  rmSync(blobs.pathOf(createHash('sha256').update('not kept').digest('hex')));
  await add('ktx2', 'Fixture KTX2 box', 'model', [{ role: 'model', bytes: models.ktx2, mime: 'model/gltf-binary', fileName: 'box.glb' }]);
  await add('external', 'Fixture external textures', 'model', [
    { role: 'model', bytes: models.external.gltf, mime: 'model/gltf+json', fileName: 'box.gltf' },
    ...Object.entries(models.external.resources).map(([uri, bytes]) => ({ role: 'other' as const, bytes, mime: uri.endsWith('.png') ? 'image/png' : 'application/octet-stream', fileName: uri })),
  ]);
  await add('html', 'Fixture HTML artwork', 'html', [{ role: 'animation', bytes: html, mime: 'text/html', fileName: 'index.html' }]);
  for (const row of db.prepare(`SELECT id, name FROM items WHERE account_id != 'fixtures'`).all() as Array<{ id: string; name: string }>) ids[row.name] = row.id;
  library.close();

  server = await holdfastServe(['--library', dir]);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openPage(locale = 'en-US'): Promise<{ page: Page; problems: string[]; failedMedia: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale });
  const problems: string[] = [];
  const failedMedia: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Too many active WebGL contexts/i.test(m.text())) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.url().includes('/media/') && r.status() >= 400) failedMedia.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(server.url);
  await page.getByTestId('item-card').first().waitFor();
  return { page, problems, failedMedia };
}

const openItem = async (page: Page, id: string) => {
  await page.evaluate((itemId) => (window.location.hash = `#/item/${itemId}`), id);
  await page.getByTestId('item-detail-name').waitFor();
};

/** Spread of the canvas's pixels: a blank (single colour) canvas has none. */
async function canvasStats(page: Page): Promise<{ stdev: number; notBackground: number }> {
  const shot = await page.getByTestId('model-canvas').screenshot();
  const { data, info } = await sharp(shot).raw().toBuffer({ resolveWithObject: true });
  const stats = await sharp(shot).stats();
  let differ = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    if (Math.abs(data[i]! - 0xec) + Math.abs(data[i + 1]! - 0xea) + Math.abs(data[i + 2]! - 0xe4) > 40) differ++;
  }
  return { stdev: Math.max(...stats.channels.slice(0, 3).map((c) => c.stdev)), notBackground: differ / (data.length / info.channels) };
}

/** Mean difference of two same-size screenshots, per channel (0–255). */
async function meanDifference(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([sharp(a).raw().toBuffer(), sharp(b).raw().toBuffer()]);
  return meanAbsDifference(x, y);
}

const waitModel = (page: Page) => page.waitForSelector('[data-testid=model-view][data-state=ready], [data-testid=model-view][data-state=error]', { timeout: 60_000 });

describe('the viewer in a browser', () => {
  it('browses, filters, searches and lists the items', async () => {
    const { page, problems } = await openPage('zh-CN');
    // The page carries the app's policy as a <meta> tag too, written by the build from its one home.
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(appMetaContentSecurityPolicy('holdfast-media:'));
    await expect.poll(() => page.getByTestId('result-count').textContent()).toMatch(/33/);
    // A new result set starts at the top, also when the grid was scrolled down.
    await page.locator('.grid-scroll').evaluate((el) => (el.scrollTop = 900));
    await expect.poll(() => page.locator('.grid-scroll').evaluate((el) => el.scrollTop)).toBe(900);
    await page.getByTestId('sort-order').click();
    await expect.poll(() => page.locator('.grid-scroll').evaluate((el) => el.scrollTop)).toBe(0);
    await page.getByTestId('sort-order').click();
    await page.getByTestId('filter-chain-至信链').click();
    await expect.poll(() => page.getByTestId('result-count').textContent()).toMatch(/12/);
    expect(new URL(page.url()).hash).toContain('chain=');
    await page.getByTestId('view-list').click();
    await expect.poll(() => page.getByTestId('item-row').count()).toBe(12);
    await page.getByTestId('search-input').fill('缠枝');
    await expect.poll(() => page.getByTestId('item-row').count()).toBe(1);
    await page.screenshot({ path: join(artifacts, 'viewer-list-zh.png') });
    // The address follows the search after a pause; Back then restores the state before it,
    // the list view included.
    await expect.poll(() => decodeURIComponent(page.url())).toContain('q=缠枝');
    await page.goBack();
    await expect.poll(() => page.getByTestId('item-row').count()).toBe(12);
    await page.getByTestId('chip-chain').getByRole('button').click();
    await expect.poll(() => page.getByTestId('result-count').textContent()).toMatch(/33/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('moves through the grid and the list with the keyboard, opens with Enter and comes back to the same item', async () => {
    const { page, problems } = await openPage();
    const focusedIndex = () => page.evaluate(() => Number((document.activeElement as HTMLElement | null)?.dataset.index ?? -1));
    const columns = await page.locator('.grid-row').first().locator('[data-testid=item-card]').count();
    expect(columns).toBeGreaterThan(1);
    await page.getByTestId('item-card').first().focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(focusedIndex).toBe(1);
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedIndex).toBe(1 + columns);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(focusedIndex).toBe(columns);
    // End goes to the last item, scrolling it into view and rendering it first.
    await page.keyboard.press('End');
    await expect.poll(focusedIndex).toBe(32);
    await page.keyboard.press('Home');
    await expect.poll(focusedIndex).toBe(0);
    await page.keyboard.press('ArrowRight');
    await expect.poll(focusedIndex).toBe(1);
    const name = await page.locator('[data-testid=item-card][data-index="1"]').getAttribute('aria-label');
    await page.keyboard.press('Enter');
    await page.getByTestId('item-detail-name').waitFor();
    expect(name).toContain(await page.getByTestId('item-detail-name').textContent());
    await page.keyboard.press('Escape');
    await expect.poll(focusedIndex).toBe(1);
    // Only the focused item is in the tab order.
    expect(await page.locator('[data-testid=item-card][tabindex="0"]').count()).toBe(1);

    await page.getByTestId('view-list').click();
    await page.getByTestId('item-row').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedIndex).toBe(2);
    await page.keyboard.press('ArrowUp');
    await expect.poll(focusedIndex).toBe(1);
    await page.keyboard.press('End');
    await expect.poll(focusedIndex).toBe(32);
    await page.getByTestId('view-grid').click();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows each thumbnail blurred from its inline placeholder until the picture itself arrives', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    // Thumbnails are held back at the network until released: what the user sees on a slow disk.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/media/**', async (route) => {
      await released;
      await route.continue();
    });
    await page.goto(server.url);
    await page.getByTestId('item-card').first().waitFor();
    await expect.poll(() => page.getByTestId('card-blur').count()).toBeGreaterThan(5);
    const blur = await page.getByTestId('card-blur').first().getAttribute('src');
    expect(blur).toMatch(/^data:image\/webp;base64,/);
    const tiny = await sharp(Buffer.from(blur!.split(',')[1]!, 'base64')).metadata();
    expect(Math.max(tiny.width!, tiny.height!)).toBeLessThanOrEqual(16);
    await page.screenshot({ path: join(artifacts, 'viewer-grid-placeholders.png') });
    release();
    // Each placeholder goes once its thumbnail has loaded.
    await expect.poll(() => page.getByTestId('card-blur').count(), { timeout: 20_000 }).toBe(0);
    await page.close();
  });

  it('draws every kind of 3D file, with the environment light, and pauses animations, without freezing the page', async () => {
    const { page, problems, failedMedia } = await openPage();
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: 'longtask' });
    });
    for (const key of ['draco', 'meshopt', 'ktx2', 'external', '青花缠枝莲纹瓶']) {
      await openItem(page, ids[key]!);
      await waitModel(page);
      expect(await page.getByTestId('model-view').getAttribute('data-state'), key).toBe('ready');
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(artifacts, `viewer-3d-${key === '青花缠枝莲纹瓶' ? 'vase' : key}.png`) });
      const stats = await canvasStats(page);
      expect(stats.stdev, `${key}: the canvas has a picture`).toBeGreaterThan(8);
      expect(stats.notBackground, `${key}: the model fills part of the view`).toBeGreaterThan(0.03);
    }
    // The external .gltf found its buffer and texture among the item's files.
    expect(failedMedia).toEqual([]);

    // Orbit, zoom and back to the first view (the page forwards the canvas's pointer and wheel
    // events to the worker that draws).
    const canvas = page.getByTestId('model-canvas');
    const home = await canvas.screenshot();
    await dragFromMiddle(page, canvas, 160, 40, () =>
      expect.poll(() => canvas.evaluate((c) => c.style.cursor), { message: 'dragging shows the grabbing hand' }).toBe('grabbing'),
    );
    await page.waitForTimeout(800);
    const turned = await canvas.screenshot();
    expect(await meanDifference(home, turned), 'dragging turns the model').toBeGreaterThan(2);
    await page.mouse.wheel(0, -600);
    await page.waitForTimeout(800);
    expect(await meanDifference(turned, await canvas.screenshot()), 'the wheel zooms').toBeGreaterThan(2);
    expect(await page.evaluate(() => window.scrollY), 'zooming does not scroll the page').toBe(0);
    await page.getByTestId('model-reset').click();
    await page.waitForTimeout(800);
    expect(await meanDifference(home, await canvas.screenshot()), 'reset: the first view again, even while the model still glides').toBeLessThan(1);
    // The keyboard: arrows turn the focused viewer, R brings the first view back.
    await page.getByTestId('model-view').focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(800);
    expect(await meanDifference(home, await canvas.screenshot()), 'arrow keys turn the model').toBeGreaterThan(2);
    expect(await page.evaluate(() => window.scrollY), 'arrow keys do not scroll the page').toBe(0);
    await page.keyboard.press('r');
    await page.waitForTimeout(800);
    expect(await meanDifference(home, await canvas.screenshot()), 'R: the first view again').toBeLessThan(1);

    // An animated model: frames change while playing and stop changing when paused.
    let animated: string | null = null;
    for (const name of ['星槎号火箭', '宫灯·上元', '壬寅虎年纪念币', '琉璃水晶', '应县木塔', 'Orbital Crystal']) {
      await openItem(page, ids[name]!);
      await waitModel(page);
      if (await page.getByTestId('model-play').count()) {
        animated = name;
        break;
      }
    }
    expect(animated, 'one of the demo models is animated').not.toBeNull();
    const frame = () => page.getByTestId('model-canvas').screenshot();
    const a = await frame();
    await page.waitForTimeout(400);
    expect(Buffer.compare(a, await frame()), 'playing: the picture moves').not.toBe(0);
    await page.getByTestId('model-play').click();
    await expect.poll(() => page.getByTestId('model-play').getAttribute('aria-pressed')).toBe('false');
    await page.waitForTimeout(200);
    const b = await frame();
    await page.waitForTimeout(400);
    expect(Buffer.compare(b, await frame()), 'paused: the picture holds still').toBe(0);
    // Loading, filtering the environment and drawing happen in the viewer's worker. Drawn on the
    // page's thread, with software WebGL as here, each open blocked the page for 1.4–3.4 s and
    // each animated frame for ~80 ms. The goal (no task over 50 ms) is measured by
    // `npm run bench -- viewer`; this bound leaves room for a loaded test machine.
    const longTasks = (await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks)) as number[];
    expect(Math.max(0, ...longTasks), `the page's long tasks: ${longTasks.map(Math.round).join(', ')} ms`).toBeLessThan(300);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens model after model and ends every viewer worker (each holds a WebGL context)', async () => {
    const { page, problems } = await openPage('en-US');
    // Each open item draws its model in a worker of its own, which holds the WebGL context;
    // Chromium keeps at most 16 contexts alive. Leaving the item (here often while its model is
    // still loading) must give the context back and end the worker.
    const workers = { started: 0, ended: 0 };
    page.on('worker', (worker) => {
      if (!worker.url().includes('model-worker')) return;
      workers.started++;
      worker.on('close', () => workers.ended++);
    });
    const models = ['draco', 'meshopt', '青花缠枝莲纹瓶', '琉璃水晶', '应县木塔', 'Orbital Crystal'];
    for (let i = 0; i < 18; i++) {
      await openItem(page, ids[models[i % models.length]!]!);
      await page.getByTestId('model-canvas').waitFor();
      if (i === 8) await waitModel(page);
    }
    // Back to the previous item, whose viewer starts again, and on to one more.
    await page.goBack();
    await expect.poll(() => page.getByTestId('item-detail-name').textContent()).toContain('应县木塔');
    await page.getByTestId('model-canvas').waitFor();
    await openItem(page, ids.meshopt!);
    await waitModel(page);
    expect((await canvasStats(page)).stdev).toBeGreaterThan(8);
    expect(await page.locator('canvas').count()).toBe(1);
    // 20 viewers were made; only the one on screen still has its worker.
    await expect.poll(() => workers, { timeout: 15_000 }).toEqual({ started: 20, ended: 19 });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says why a model cannot be shown: a damaged file, a missing file, no WebGL at all', async () => {
    const { page, problems } = await openPage('en-US');
    await openItem(page, ids.broken!);
    await waitModel(page);
    const error = page.getByTestId('model-error');
    await expect.poll(() => error.textContent()).toMatch(/This 3D model could not be shown\.The model file is damaged or incomplete \(.+\)\./);
    await page.screenshot({ path: join(artifacts, 'viewer-3d-broken.png') });
    await openItem(page, ids.missing!);
    await waitModel(page);
    await expect.poll(() => error.textContent()).toMatch(/The model file could not be read \(HTTP 404\)\./);
    await page.close();
    // The browser itself logs the 404.
    expect(problems.filter((p) => !/404/.test(p))).toEqual([]);

    // A browser without WebGL (no GPU and no software fallback, as on some remote desktops): the
    // reason, in the user's language. (--disable-webgl would leave WebGL on in workers.)
    const noGl = await launchChromium(['--disable-software-rasterizer']);
    try {
      const zh = await noGl.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
      await zh.goto(server.url);
      await zh.getByTestId('item-card').first().waitFor();
      await openItem(zh, ids.meshopt!);
      await waitModel(zh);
      await expect.poll(() => zh.getByTestId('model-error').textContent()).toContain('3D 需要 WebGL，但这里不可用');
    } finally {
      await noGl.close();
    }
  });

  it('plays a video, shows audio with its cover, and runs an HTML artwork sandboxed and offline', async () => {
    const { page, problems } = await openPage();
    await openItem(page, ids['水墨游鱼']!);
    const video = page.getByTestId('media-video');
    await video.waitFor();
    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      await v.play();
    });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 }).toBeGreaterThan(0.3);
    await page.screenshot({ path: join(artifacts, 'viewer-video.png') });

    await openItem(page, ids['古琴曲《流水》片段']!);
    await page.getByTestId('media-audio').locator('img').waitFor();
    expect(await page.getByTestId('media-audio').locator('audio').count()).toBe(1);

    await openItem(page, ids.html!);
    const frame = page.frameLocator('[data-testid=media-html]');
    await expect.poll(() => frame.locator('#net').textContent(), { timeout: 15_000 }).toBe('network blocked');
    expect(await frame.locator('body').getAttribute('data-ran')).toBe('yes');
    expect(await page.getByTestId('media-html').getAttribute('sandbox')).toBe('allow-scripts');
    await page.screenshot({ path: join(artifacts, 'viewer-html.png') });
    // The artwork's own blocked request is the only complaint.
    expect(problems.filter((p) => !/127\.0\.0\.1:9|Content Security Policy|Failed to fetch/.test(p))).toEqual([]);
    await page.close();
  });

  it('shows the item page with evidence, files and actions; the pages; and switches language', async () => {
    const { page, problems } = await openPage('en-US');
    await openItem(page, ids['敦煌飞天·其一']!);
    const detail = page.getByTestId('item-detail');
    await expect.poll(async () => (await detail.textContent()) ?? '').toMatch(/Certificate/);
    expect(await page.getByTestId('evidence-entry').count()).toBeGreaterThan(0);
    await page.getByTestId('reveal-button').first().click();
    await expect.poll(() => page.getByTestId('reveal-path').textContent()).toMatch(/blobs/);
    // Export this item: a bundle with just it, offered for download in the browser.
    await page.getByTestId('export-item').click();
    await expect.poll(() => page.getByTestId('export-result').textContent(), { timeout: 60_000 }).toMatch(/\.zip/);
    const download = await page.getByTestId('export-result').getByRole('link').getAttribute('href');
    const zip = await page.evaluate(async (href) => {
      const res = await fetch(href!);
      return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength };
    }, download);
    expect(zip).toMatchObject({ status: 200, type: 'application/zip' });
    expect(zip.size).toBeGreaterThan(1000);
    await page.screenshot({ path: join(artifacts, 'viewer-item-en.png'), fullPage: false });

    await page.getByTestId('nav-collections').click();
    await expect.poll(() => page.getByTestId('collection-card').count()).toBeGreaterThan(5);
    await page.getByTestId('collection-card').first().click();
    await expect.poll(() => page.getByTestId('chip-collection').count()).toBe(1);

    await page.getByTestId('nav-accounts').click();
    await expect.poll(() => page.getByTestId('account-card').count()).toBe(4);
    expect(await page.getByTestId('account-storage').first().textContent()).toMatch(/[KM]B/);

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-form').waitFor();
    await page.getByTestId('lang-zh').click();
    await expect.poll(() => page.getByTestId('nav-library').textContent()).toBe('藏品库');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.screenshot({ path: join(artifacts, 'viewer-settings-zh.png') });
    // Saved in the library: another browser profile opens in Chinese too.
    const { page: second } = await openPage('en-US');
    await expect.poll(() => second.getByTestId('nav-library').textContent()).toBe('藏品库');
    await second.close();
    expect(problems).toEqual([]);
    await page.close();
  });
});
