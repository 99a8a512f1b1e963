/// <reference lib="dom" />
// The offline viewer inside a provenance bundle, as someone without Holdfast meets it: the zip
// exported by the built CLI, unzipped, data/index.html opened from the folder with file:// in
// Chromium with the network off — the grid shows every item, an item page shows its evidence,
// and a 3D item renders (the canvas is not blank). And the app's Bundles page, as a collector
// uses it in browser mode: export (progress, then download), verify (the table), import.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HoldingsV1 } from '../../main/core/export/holdings-format.js';
import { launchChromium } from '../helpers/browser.js';
import { unzipTo } from '../helpers/bundle.js';
import { REPO, holdfast, holdfastServe } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

const artifacts = join(REPO, 'test', 'artifacts');
let data: string;
let holdings: HoldingsV1;
let browser: Browser;
let library: string;
let zip: string;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const work = suiteTempDir('holdfast-e2e-bundle-');
  library = join(work, 'library');
  const demo = holdfast(['demo', '--no-platform', '--library', library]);
  expect(demo.status, demo.stderr).toBe(0);
  zip = join(work, 'demo.zip');
  const exported = holdfast(['export', zip, '--library', library]);
  expect(exported.status, exported.stderr).toBe(0);
  unzipTo(zip, join(work, 'unzipped'));
  data = join(work, 'unzipped', 'holdfast-bundle', 'data');
  holdings = JSON.parse(readFileSync(join(data, 'holdings.json'), 'utf8')) as HoldingsV1;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the offline viewer in a bundle', () => {
  it('opens from file:// with no network: grid, evidence, 3D', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
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
    page.on('request', (r) => !r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('blob:') && network.push(r.url()));

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
    const canvas = page.locator('canvas.model-canvas[data-rendered="true"]');
    await canvas.waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    const shot = await canvas.screenshot({ path: join(artifacts, 'bundle-viewer-3d-en.png') });
    const { data: pixels, info } = await sharp(shot).raw().toBuffer({ resolveWithObject: true });
    // The background is one flat colour; the model is whatever is not that colour.
    const [r0, g0, b0] = [pixels[0]!, pixels[1]!, pixels[2]!];
    let differing = 0;
    const colours = new Set<number>();
    for (let i = 0; i < pixels.length; i += info.channels) {
      const r = pixels[i]!;
      const g = pixels[i + 1]!;
      const b = pixels[i + 2]!;
      if (Math.abs(r - r0) + Math.abs(g - g0) + Math.abs(b - b0) > 30) differing++;
      colours.add((r >> 3) * 1024 + (g >> 3) * 32 + (b >> 3));
    }
    const share = differing / (info.width * info.height);
    expect(share, `share of model pixels ${share}`).toBeGreaterThan(0.02);
    expect(colours.size).toBeGreaterThan(20);

    // The language switch, still offline.
    await page.getByTestId('lang').click();
    expect(await page.locator('h2').first().textContent()).toMatch(/简介|详情/);
    await page.screenshot({ path: join(artifacts, 'bundle-viewer-3d-zh.png') });

    expect(network).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
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
