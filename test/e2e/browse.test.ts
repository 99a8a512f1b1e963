/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// A user's first run: create the demo library from the command line, serve it, and browse it in
// a real Chromium — grid, Chinese search, item page, language switch.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { REPO, holdfast, holdfastServe } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

const artifacts = join(REPO, 'test', 'artifacts');
let library: string;
let server: Awaited<ReturnType<typeof holdfastServe>>;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  library = join(suiteTempDir('holdfast-e2e-'), 'library');
  const demo = holdfast(['demo', '--no-platform', '--library', library]);
  expect(demo.stderr).toBe('');
  expect(demo.status).toBe(0);
  server = await holdfastServe(['--library', library]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('browsing the demo library in a browser', () => {
  it('shows the grid, finds a Chinese word, opens an item, switches language', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url);

    // The grid: every demo item is counted, the first cards show their pictures.
    await page.getByTestId('item-card').first().waitFor();
    await expect.poll(() => page.getByTestId('result-count').textContent()).toMatch(/26/);
    const cards = await page.getByTestId('item-card').count();
    expect(cards).toBeGreaterThanOrEqual(8);
    await page.waitForFunction(() => [...document.querySelectorAll('img')].some((i) => i.complete && i.naturalWidth > 0));
    expect(new URL(page.url()).searchParams.has('token')).toBe(false); // token taken out of the address bar
    await page.screenshot({ path: join(artifacts, 'e2e-grid-zh.png') });

    // Search a Chinese word: only the matching items remain.
    await page.getByTestId('search-input').fill('飞天');
    await expect.poll(() => page.getByTestId('item-card').count()).toBe(2);
    const names = await page.getByTestId('item-card').allTextContents();
    expect(names.every((n) => n.includes('飞天'))).toBe(true);

    // Open an item: its page shows the name, serial, chain and evidence level.
    await page.getByTestId('item-card').first().click();
    const detail = page.getByTestId('item-detail');
    await detail.waitFor();
    await expect.poll(() => page.getByTestId('item-detail-name').textContent()).toMatch(/敦煌飞天/);
    const text = (await detail.textContent()) ?? '';
    expect(text).toMatch(/#\d+\/10000/);
    expect(text).toContain('至信链');
    expect(text).toMatch(/L1/);
    // The large picture is decoded and on the page (not just requested).
    await expect.poll(() => page.getByTestId('media-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'e2e-item-zh.png') });

    // Switch to English: the interface changes language, the holdings' own names do not.
    const select = page.getByTestId('lang-switch');
    if ((await select.evaluate((el) => el.tagName)) === 'SELECT') await select.selectOption('en');
    else await page.getByTestId('lang-en').click();
    await expect.poll(async () => (await detail.textContent()) ?? '').toMatch(/Evidence|Creator/);
    expect(await page.evaluate(() => document.documentElement.lang)).toMatch(/^en/);
    await page.screenshot({ path: join(artifacts, 'e2e-item-en.png') });

    // Back to the library, in English.
    await page.goBack();
    await page.getByTestId('search-input').fill('');
    await expect.poll(() => page.getByTestId('result-count').textContent()).toMatch(/26 items/);
    await page.screenshot({ path: join(artifacts, 'e2e-grid-en.png') });

    expect(errors).toEqual([]);
  });
});
