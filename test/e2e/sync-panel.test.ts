/// <reference lib="dom" />
// The sync panel in a real Chromium against the real HTTP shell and a real media server: start a
// sync, watch the bar and its figures move, pause (the server hears nothing), resume, see it end
// with the failed file listed with its reason and the run in the history — in both languages.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../main/api/backend.js';
import { callOperation } from '../../main/api/dispatch.js';
import type { ApiContext } from '../../main/api/handlers.js';
import { startServer, type RunningServer } from '../../main/http/server.js';
import { makeCatalog } from '../fixtures/media-connector.js';
import { startMediaServer, type MediaServer } from '../fixtures/media-server.js';
import { openHarness, type Harness } from '../fixtures/sync-harness.js';
import { launchChromium } from '../helpers/browser.js';
import { REPO } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

const artifacts = join(REPO, 'test', 'artifacts');
let media: MediaServer;
let harness: Harness;
let http: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const { items, files } = makeCatalog({ items: 24, filesPerItem: 2, sizeOf: () => 250_000 });
  items[2]!.name = '敦煌飞天·其一';
  const missing = files[9]!.path;
  media = await startMediaServer(files, { bytesPerSecond: 250_000, fault: (ctx) => (ctx.path === missing ? { kind: 'status', status: 404 } : null) });
  harness = openHarness(join(suiteTempDir('holdfast-sync-ui-'), 'library'), { baseUrl: media.url, items });
  const ctx: ApiContext = { library: harness.library, sync: harness.engine, events: harness.events, shell: 'http' };
  const backend: Backend = { ctx, call: (name, input) => callOperation(ctx, name, input), close: () => harness.close() };
  http = await startServer({ backend, rendererDir: join(REPO, 'out', 'renderer') });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await http?.close();
  await harness?.close();
  await media?.close();
});

describe('the sync panel', () => {
  it('starts, shows progress, pauses, resumes, and lists what failed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${http.url}#/sync`);
    const card = page.getByTestId('sync-account');
    await card.waitFor();
    expect(await card.textContent()).toContain('not synced yet');

    await card.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => card.getAttribute('data-phase')).toBe('fetching');
    await expect.poll(async () => Number(await card.getByRole('progressbar').getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThan(10);
    const figures = await card.locator('.sync-figures').textContent();
    expect(figures).toMatch(/of 24 items/);
    expect(figures).toMatch(/media \d+\/48/);
    expect(figures).toMatch(/\/s/);
    expect(await card.locator('.sync-current').textContent()).toMatch(/^Now: /);
    await page.screenshot({ path: join(artifacts, 'sync-panel-running-en.png') });

    await card.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => card.getAttribute('data-phase')).toBe('paused');
    await page.waitForTimeout(200); // requests already on their way
    const heard = media.log.length;
    await page.waitForTimeout(600);
    expect(media.log.length).toBe(heard);
    await page.screenshot({ path: join(artifacts, 'sync-panel-paused-en.png') });

    await card.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => card.getAttribute('data-phase'), { timeout: 60_000 }).toBe('done');
    const failures = page.getByTestId('sync-failures');
    await failures.waitFor();
    expect(await failures.textContent()).toMatch(/1 file could not be fetched.*藏品 4.*Video.*HTTP 404/s);
    const history = page.getByTestId('sync-history');
    expect(await history.locator('tbody tr').first().textContent()).toMatch(/Done.*24.*24/);
    await page.screenshot({ path: join(artifacts, 'sync-panel-done-en.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('speaks Chinese', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${http.url}#/sync`);
    await page.getByTestId('sync-failures').waitFor();
    expect(await page.getByTestId('sync-failures').textContent()).toMatch(/1 个文件未能获取/);
    expect(await page.getByTestId('sync-account').textContent()).toMatch(/上次同步|已完成/);
    await page.screenshot({ path: join(artifacts, 'sync-panel-done-zh.png'), fullPage: true });
    await page.close();
  }, 60_000);
});
