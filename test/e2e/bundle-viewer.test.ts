/// <reference lib="dom" />
// The offline viewer inside a provenance bundle, as someone without Holdfast meets it: the zip
// exported by the built CLI, unzipped, data/index.html opened from the folder with file:// in
// Chromium with the network off — the grid shows every item, an item page shows its evidence,
// and a 3D item renders (the canvas is not blank) — every kind collectors' files come in: plain,
// Draco- and Meshopt-compressed GLB, GLB with KTX2 (Basis Universal) textures, and a .gltf with
// separate buffer and texture files; a model the viewer cannot show leaves its poster and says
// why. And the app's Bundles page, as a collector uses it in browser mode: export (progress,
// then download), verify (the table), import.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HoldingsV1 } from '../../main/core/export/holdings-format.js';
import { dragFromMiddle, launchChromium } from '../helpers/browser.js';
import { unzipTest, unzipTo } from '../helpers/bundle.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { attachFile, upsertItem } from '../../main/core/db/items.js';
import { Library } from '../../main/core/library.js';
import { makeGltfFixtures } from '../helpers/gltf-fixtures.js';
import { REPO, holdfast, holdfastServe } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

const artifacts = join(REPO, 'test', 'artifacts');
let data: string;
let holdings: HoldingsV1;
let browser: Browser;
let library: string;
let zip: string;
/** Fixture item ids by kind. */
const fixtures: Record<string, string> = {};

/** Adds one item per kind of 3D file the demo lacks (and two the viewer cannot show). */
async function addModelFixtures(dir: string): Promise<void> {
  const models = await makeGltfFixtures();
  const poster = await sharp({ create: { width: 96, height: 96, channels: 3, background: '#3a9d5d' } }).png().toBuffer();
  const library = Library.open(dir);
  const { db, blobs } = library;
  try {
    upsertPlatform(db, { id: 'fixtures', name: 'Fixtures', nameZh: '测试样本', kind: 'files' });
    upsertAccount(db, { id: 'fixtures', kind: 'files', platformId: 'fixtures', name: 'fixtures' });
    type FixtureFile = { role: 'model' | 'other' | 'thumbnail' | 'image'; bytes: Uint8Array | string; mime: string; fileName: string };
    const add = async (key: string, files: FixtureFile[], mediaType: 'model' | 'image' = 'model') => {
      const { id } = upsertItem(db, 'fixtures', 'fixtures', { externalId: key, name: `Fixture ${key}`, mediaType, acquiredAt: '2020-01-01T00:00:00.000Z' });
      for (const f of files) {
        const stored = await blobs.put(typeof f.bytes === 'string' ? f.bytes : Buffer.from(f.bytes));
        attachFile(db, id, { role: f.role, sha256: stored.sha256, size: stored.size, mime: f.mime, fileName: f.fileName });
      }
      fixtures[key] = id;
    };
    const thumbnail: FixtureFile = { role: 'thumbnail', bytes: poster, mime: 'image/png', fileName: 'poster.png' };
    await add('draco', [{ role: 'model', bytes: models.draco, mime: 'model/gltf-binary', fileName: 'box.glb' }]);
    await add('meshopt', [{ role: 'model', bytes: models.meshopt, mime: 'model/gltf-binary', fileName: 'box.glb' }]);
    await add('ktx2', [{ role: 'model', bytes: models.ktx2, mime: 'model/gltf-binary', fileName: 'box.glb' }]);
    // The texture's URI is textures/checker.png; the collector's file is just checker.png.
    await add('gltf', [
      { role: 'model', bytes: models.external.gltf, mime: 'model/gltf+json', fileName: 'box.gltf' },
      { role: 'other', bytes: models.external.resources['box.bin']!, mime: 'application/octet-stream', fileName: 'box.bin' },
      { role: 'other', bytes: models.external.resources['textures/checker.png']!, mime: 'image/png', fileName: 'checker.png' },
    ]);
    await add('broken', [{ role: 'model', bytes: 'glTF but not really', mime: 'model/gltf-binary', fileName: 'broken.glb' }, thumbnail]);
    await add('usdz', [{ role: 'model', bytes: 'PK not a real usdz', mime: 'model/vnd.usdz+zip', fileName: 'shoe.usdz' }, thumbnail]);
    // A picture browsers do not decode (TIFF): its thumbnail instead, and which file it is.
    const tiff = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#8844aa' } }).tiff().toBuffer();
    await add('tiff', [{ role: 'image', bytes: tiff, mime: 'image/tiff', fileName: 'scan.tiff' }, thumbnail], 'image');
  } finally {
    library.close();
  }
}

/** What a canvas shows: the share of pixels unlike the (flat) background, how many colours, and
 *  how many pixels are the checker texture's red and blue. */
async function canvasStats(page: Page, file: string, settleMs = 300) {
  const canvas = page.locator('canvas.model-canvas[data-rendered="true"]');
  await canvas.waitFor({ timeout: 60_000 });
  await page.waitForTimeout(settleMs);
  const shot = await canvas.screenshot({ path: join(artifacts, file) });
  const { data: pixels, info } = await sharp(shot).raw().toBuffer({ resolveWithObject: true });
  const [r0, g0, b0] = [pixels[0]!, pixels[1]!, pixels[2]!];
  let differing = 0;
  let red = 0;
  let blue = 0;
  const colours = new Set<number>();
  for (let i = 0; i < pixels.length; i += info.channels) {
    const r = pixels[i]!;
    const g = pixels[i + 1]!;
    const b = pixels[i + 2]!;
    if (Math.abs(r - r0) + Math.abs(g - g0) + Math.abs(b - b0) > 30) differing++;
    if (r > g + 50 && r > b + 50) red++;
    if (b > r + 50 && b > g + 20) blue++;
    colours.add((r >> 3) * 1024 + (g >> 3) * 32 + (b >> 3));
  }
  const total = info.width * info.height;
  return { share: differing / total, colours: colours.size, red: red / total, blue: blue / total };
}

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const work = suiteTempDir('holdfast-e2e-bundle-');
  library = join(work, 'library');
  const demo = holdfast(['demo', '--no-platform', '--library', library]);
  expect(demo.status, demo.stderr).toBe(0);
  await addModelFixtures(library);
  zip = join(work, 'demo.zip');
  const exported = holdfast(['export', zip, '--library', library]);
  expect(exported.status, exported.stderr).toBe(0);
  unzipTo(zip, join(work, 'unzipped'));
  data = join(work, 'unzipped', 'holdfast-bundle', 'data');
  holdings = JSON.parse(readFileSync(join(data, 'holdings.json'), 'utf8')) as HoldingsV1;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

/** A page in a browser context with the network off: every request that is not a file of the
 *  bundle is refused and recorded in `network`; page errors and console errors go to `errors`. */
async function offlinePage(width: number, height: number) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  await context.setOffline(true);
  const network: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    network.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('request', (r) => !/^(file|data|blob):/.test(r.url()) && network.push(r.url()));
  return { context, page, network, errors };
}

describe('the offline viewer in a bundle', () => {
  it('opens from file:// with no network: grid, evidence, 3D', async () => {
    const { context, page, network, errors } = await offlinePage(1280, 900);

    const index = pathToFileURL(join(data, 'index.html')).href;
    await page.goto(index);
    await page.getByTestId('item-card').first().waitFor();
    expect(await page.getByTestId('item-card').count()).toBe(holdings.items.length);
    await page.waitForFunction(() => [...document.querySelectorAll('.card img')].filter((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0).length >= 8);
    await page.screenshot({ path: join(artifacts, 'bundle-viewer-grid-en.png') });

    // An item with a certificate: its page shows the evidence and links the document.
    const certified = holdings.items.find((i) => i.evidence.some((e) => e.kind === 'certificate'))!;
    await page.goto(`${index}#/item/${certified.id}`);
    await page.getByTestId('item-page').waitFor();
    expect(await page.locator('h1').textContent()).toContain(certified.name);
    const evidence = page.getByTestId('evidence');
    expect(await evidence.count()).toBe(certified.evidence.length);
    expect(await evidence.first().textContent()).toMatch(/certificate/);
    expect(await evidence.first().locator('a').getAttribute('href')).toBe(certified.evidence[0]!.file!.path);

    // A 3D item: the model arrives through its script and three.js draws it.
    const model = holdings.items.find((i) => i.files.some((f) => f.viewerScript))!;
    await page.goto(`${index}#/item/${model.id}`);
    const { share, colours } = await canvasStats(page, 'bundle-viewer-3d-en.png', 500);
    expect(share, `share of model pixels ${share}`).toBeGreaterThan(0.02);
    expect(colours).toBeGreaterThan(20);

    // The language switch, still offline.
    await page.getByTestId('lang').click();
    expect(await page.locator('h2').first().textContent()).toMatch(/简介|详情/);
    await page.screenshot({ path: join(artifacts, 'bundle-viewer-3d-zh.png') });

    expect(network).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('renders Draco, Meshopt, KTX2 and .gltf-with-files models from file:// offline; a model or picture it cannot show leaves its poster and the reason', async () => {
    const { context, page, network, errors } = await offlinePage(1000, 800);
    // Counts WebGL draw calls, to see when frames are drawn.
    await page.addInitScript(() => {
      const w = window as unknown as { __draws: number };
      w.__draws = 0;
      for (const proto of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype]) {
        for (const name of ['drawElements', 'drawArrays'] as const) {
          const original = proto[name] as (...args: unknown[]) => void;
          (proto as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
            w.__draws++;
            return original.apply(this, args);
          };
        }
      }
    });
    const draws = () => page.evaluate(() => (window as unknown as { __draws: number }).__draws);
    const index = pathToFileURL(join(data, 'index.html')).href;

    for (const kind of ['draco', 'meshopt', 'ktx2', 'gltf']) {
      await page.goto(`${index}#/item/${fixtures[kind]}`);
      await page.getByTestId('item-page').waitFor();
      const stats = await canvasStats(page, `bundle-viewer-${kind}-en.png`);
      if (kind === 'draco') {
        // A still model is drawn when something moves, not every frame: with software WebGL
        // each frame held the page up for 50–150 ms for as long as the item was open.
        const idle = await draws();
        await page.waitForTimeout(1000);
        expect(await draws(), 'no frames while nothing moves').toBe(idle);
        const canvas = page.locator('canvas.model-canvas');
        const before = await canvas.screenshot();
        await dragFromMiddle(page, canvas, 120, 30);
        await page.waitForTimeout(800);
        expect(await draws(), 'a drag draws frames').toBeGreaterThan(idle);
        expect(Buffer.compare(before, await canvas.screenshot()), 'and turns the model').not.toBe(0);
      }
      // Drawn, and with its texture: both checker colours on screen, not a grey or black box.
      expect(stats.share, `${kind}: share of model pixels ${stats.share}`).toBeGreaterThan(0.05);
      expect(stats.colours, kind).toBeGreaterThan(20);
      expect(stats.red, `${kind}: red share ${stats.red}`).toBeGreaterThan(0.01);
      expect(stats.blue, `${kind}: blue share ${stats.blue}`).toBeGreaterThan(0.01);
      expect(await page.getByTestId('model-message').count(), kind).toBe(0);
    }
    expect(readFileSync(join(data, 'index.html'), 'utf8')).toMatch(/http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*connect-src blob: data:;/);
    // The decoders came with the bundle, once: each is one file of the viewer.
    const gltfItem = holdings.items.find((i) => i.id === fixtures.gltf)!;
    expect(gltfItem.files.filter((f) => f.viewerScript).length).toBe(3);
    expect(existsSync(join(data, 'viewer', 'decoder-draco.js')) && existsSync(join(data, 'viewer', 'decoder-basis.js'))).toBe(true);

    // A GLB that is not one: the poster stays, with the reason.
    await page.goto(`${index}#/item/${fixtures.broken}`);
    await page.getByTestId('model-message').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('model-message').textContent()).toMatch(/^The 3D model could not be shown: ./);
    expect(await page.locator('[data-testid="stage"] img').evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBe(96);
    // A USDZ (for AR apps): never loaded; the poster and what to do instead, in both languages.
    await page.goto(`${index}#/item/${fixtures.usdz}`);
    await page.getByTestId('model-message').waitFor();
    expect(await page.getByTestId('model-message').textContent()).toMatch(/cannot show the 3D model \(shoe\.usdz, 18 B\).*open it with a 3D app/);
    await page.locator('[data-testid="stage"] img[src$=".png"]').waitFor();
    await page.getByTestId('lang').click();
    expect(await page.getByTestId('model-message').textContent()).toMatch(/无法显示该 3D 模型（shoe\.usdz/);
    await page.screenshot({ path: join(artifacts, 'bundle-viewer-usdz-zh.png') });
    await page.getByTestId('lang').click();
    await page.goto(`${index}#/item/${fixtures.tiff}`);
    await page.getByTestId('media-message').waitFor();
    expect(await page.getByTestId('media-message').textContent()).toMatch(/cannot show scan\.tiff \(image\/tiff\)/);
    await page.waitForFunction(() => (document.querySelector('[data-testid="stage"] img') as HTMLImageElement | null)?.naturalWidth === 96);

    // The page's policy lets the bundle's own sound play (and would log a violation otherwise).
    const sound = holdings.items.find((i) => i.files.some((f) => f.mime.startsWith('audio/')) && !i.files.some((f) => f.mime.startsWith('video/')))!;
    await page.goto(`${index}#/item/${sound.id}`);
    await page.waitForFunction(() => ((document.querySelector('[data-testid="stage"] audio') as HTMLAudioElement | null)?.readyState ?? 0) >= 1);

    expect(network).toEqual([]);
    expect(errors).toEqual([]);
    // KTX2 drew although the page itself may not generate code (its transcoder runs in a frame
    // with a policy of its own): a string run as code is refused here, and reported.
    const probe = await page.evaluate(
      () =>
        new Promise<{ ran: string; violations: string[] }>((resolve) => {
          const violations: string[] = [];
          document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
          const w = window as unknown as { evalRan?: string };
          setTimeout('window.evalRan = "yes"', 0);
          setTimeout(() => resolve({ ran: w.evalRan ?? 'no', violations }), 300);
        }),
    );
    expect(probe).toEqual({ ran: 'no', violations: ['script-src eval'] });
    await context.close();
  }, 120_000);

  it('the bundle with every kind of model is a sound zip and verifies', () => {
    const tested = unzipTest(zip);
    expect(tested.status, tested.out).toBe(0);
    const verified = holdfast(['verify', zip]);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    const manifest = readFileSync(join(data, '..', 'manifest-sha256.txt'), 'utf8');
    for (const name of ['viewer/viewer.js', 'viewer/decoder-draco.js', 'viewer/decoder-basis.js', 'viewer/basis-frame.html']) expect(manifest).toContain(`  data/${name}\n`);
  });

  it('the Bundles page: export with progress and a download, verify with the per-item table, import', async () => {
    const server = await holdfastServe(['--library', library]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US', acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(server.url);
      await page.getByTestId('nav-bundles').click();
      await page.getByTestId('bundles-page').waitFor();

      // Export everything without a path: progress, then a download of the finished zip.
      await page.getByTestId('bundle-export-start').click();
      await page.getByTestId('bundle-export-done').waitFor({ timeout: 120_000 });
      expect(await page.getByTestId('bundle-export-done').textContent()).toMatch(new RegExp(`Exported ${holdings.items.length} items`));
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bundle-download').click()]);
      expect(download.suggestedFilename()).toMatch(/^holdfast-\d{4}-\d{2}-\d{2}\.zip$/);

      // Verify the zip the CLI made: valid, one row per item.
      await page.getByTestId('bundle-verify-path').fill(zip);
      await page.getByTestId('bundle-verify-start').click();
      await page.getByTestId('bundle-verify-report').waitFor({ timeout: 120_000 });
      expect(await page.getByTestId('bundle-verify-report').getAttribute('data-ok')).toBe('true');
      expect(await page.getByTestId('bundle-verify-row').count()).toBe(holdings.items.length);
      await page.getByTestId('bundle-verify-report').screenshot({ path: join(artifacts, 'bundle-verify-en.png') });

      // A path that is not there: the reason, not a crash.
      await page.getByTestId('bundle-import-path').fill(join(library, 'nothing-here.zip'));
      await page.getByTestId('bundle-import-start').click();
      await page.getByTestId('bundle-import-error').waitFor();
      expect(await page.getByTestId('bundle-import-error').textContent()).toMatch(/nothing-here\.zip was not found/);

      // Importing the library's own export changes nothing: everything is already there.
      await page.getByTestId('bundle-import-path').fill(zip);
      await page.getByTestId('bundle-import-start').click();
      await page.getByTestId('bundle-import-done').waitFor({ timeout: 120_000 });
      expect(await page.getByTestId('bundle-import-done').textContent()).toContain(`${holdings.items.length} items: 0 new, 0 updated, ${holdings.items.length} already here`);
      await page.screenshot({ path: join(artifacts, 'bundle-page-en.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await server.stop();
    }
  });
});
