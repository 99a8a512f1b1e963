/// <reference lib="dom" />
// The sync panel in a real Chromium against the real HTTP shell and backend: after a sync of a
// demo account ends, the previews job it queued has a line of its own under the account (its
// own bar and counts) that ends "ready", and the items then have their thumbnails — in both
// languages.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { ItemPreviews, ItemSummary } from '../../main/api/contract.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { demoAccounts } from '../../main/core/demo/demo-catalog.js';
import { startServer, type RunningServer } from '../../main/http/server.js';
import { launchChromium } from '../helpers/browser.js';
import { REPO } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

const artifacts = join(REPO, 'test', 'artifacts');
const account = demoAccounts[1]!;
let backend: Backend;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  process.env.HOLDFAST_RENDER3D = 'off'; // posters make the 3D thumbnails: this is about the panel
  backend = openBackend(join(suiteTempDir('holdfast-e2e-sync-previews-'), 'lib'), 'http');
  upsertPlatform(backend.ctx.library.db, account.platform);
  upsertAccount(backend.ctx.library.db, { id: account.id, kind: 'demo', platformId: account.platform.id, name: account.name });
  server = await startServer({ backend, rendererDir: join(REPO, 'out', 'renderer'), host: '127.0.0.1' });
  browser = await launchChromium();
});

afterAll(async () => {
  delete process.env.HOLDFAST_RENDER3D;
  await browser?.close();
  await server?.close();
  await backend?.close();
});

describe('previews in the sync panel', () => {
  it('shows the previews job a sync queued as its own line, which ends ready with every item built', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}#/sync`);
    const card = page.getByTestId('sync-account');
    await card.waitFor();
    expect(await card.getByTestId('sync-previews').count()).toBe(0);

    await card.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => card.getAttribute('data-phase'), { timeout: 60_000 }).toBe('done');
    const line = card.getByTestId('sync-previews');
    await line.waitFor({ timeout: 30_000 });
    await expect.poll(() => line.getAttribute('data-phase'), { timeout: 60_000 }).toBe('done');
    const n = account.items.length;
    expect(await line.textContent()).toMatch(new RegExp(`Previews · thumbnails and AR files ready.*${n} of ${n} items.*${2 * n} built`, 's'));
    expect(Number(await line.getByRole('progressbar').getAttribute('aria-valuenow'))).toBe(100);
    // The sync's own line is a separate one, and says the sync is done.
    expect(await card.locator('.sync-account-head').first().textContent()).toMatch(/Done/);
    await page.screenshot({ path: join(artifacts, 'sync-previews-en.png') });
    expect(errors).toEqual([]);

    const items = (await backend.call('items.list', { limit: 100 })) as { ok: true; result: { items: ItemSummary[] } };
    for (const item of items.result.items) {
      const p = (await backend.call('previews.get', { id: item.id })) as { ok: true; result: ItemPreviews };
      expect(p.result.thumbnails.small, item.name).not.toBeNull();
    }
    await page.close();
  }, 120_000);

  it('speaks Chinese', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${server.url}#/sync`);
    const card = page.getByTestId('sync-account');
    await card.waitFor();
    // A second sync finds nothing new and queues no previews job; a build of one item shows
    // as a line of its own ("缩略图与 AR 文件").
    const items = (await backend.call('items.list', { limit: 1 })) as { ok: true; result: { items: ItemSummary[] } };
    await backend.call('previews.build', { itemIds: [items.result.items[0]!.id], rebuild: true });
    const line = page.getByTestId('sync-previews');
    await expect.poll(() => line.getAttribute('data-phase'), { timeout: 60_000 }).toBe('done');
    expect(await page.locator('.sync-accounts').last().textContent()).toMatch(/缩略图与 AR 文件.*预览图 · 缩略图和 AR 文件已生成.*藏品 1\/1/s);
    await page.close();
  }, 60_000);

  it('shows a job waiting its turn when the panel opens after it was queued', async () => {
    // Three rebuilds of every item run one after another; a fourth waits behind them. The panel
    // opens only then: it learns of the waiting job from previews.jobs, not from an event.
    const items = (await backend.call('items.list', { limit: 100 })) as { ok: true; result: { items: ItemSummary[] } };
    const ids = items.result.items.map((i) => i.id);
    const build = async (itemIds: string[]) => ((await backend.call('previews.build', { itemIds, rebuild: true })) as { ok: true; result: { jobId: string } }).result.jobId;
    for (let i = 0; i < 3; i++) await build(ids);
    const waiting = await build(ids.slice(0, 1));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await page.goto(`${server.url}#/sync`);
    const line = page.locator(`[data-testid=sync-previews][data-job="${waiting}"]`);
    await line.waitFor({ timeout: 5_000 });
    expect(await line.getAttribute('data-phase')).toBe('queued');
    expect(await line.textContent()).toMatch(/1 item/);
    await page.screenshot({ path: join(artifacts, 'sync-previews-queued-en.png') });
    await expect.poll(() => line.getAttribute('data-phase'), { timeout: 90_000 }).toBe('done');
    await page.close();
  }, 120_000);
});
