// Looks at the built renderer in Debian's Chromium against the dev stub and saves screenshots
// to test/artifacts/ (git-ignored). Also fails loudly on console errors (CSP violations etc.).
//   npx vite build --config renderer/vite.config.ts && npx tsx renderer/dev/screenshots.ts
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { startStubServer } from './stub-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, '..', '..', 'test', 'artifacts');
mkdirSync(artifacts, { recursive: true });

const { server, url } = await startStubServer({ items: 100_000, token: 'devtoken' });
const { server: emptyServer, url: emptyUrl } = await startStubServer({ empty: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const problems: string[] = [];
async function newPage(locale: string): Promise<{ page: Page; calls: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const calls: string[] = [];
  page.on('console', (m) => {
    // The "!error" query answers HTTP 500 on purpose.
    if (m.text().includes('status of 500')) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`[${locale}] console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`[${locale}] pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (r.url().includes('/api/call/items.list')) calls.push(r.postData() ?? '');
  });
  return { page, calls };
}
const shot = async (page: Page, name: string) => {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
  console.log(`saved test/artifacts/${name}.png`);
};
const waitImages = (page: Page) =>
  page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid=item-card] img')].every((i) => i.complete));

// English, 100,000 items, with ?token= in the URL (taken out of the address bar).
{
  const { page, calls } = await newPage('en-US');
  await page.goto(`${url}/?token=devtoken`);
  await page.getByTestId('item-card').first().waitFor();
  await waitImages(page);
  console.log('en: address after token:', page.url(), '| count:', await page.getByTestId('result-count').textContent());
  await shot(page, 'library-en');

  // Keyboard: "/" focuses search; arrows move across cards; Enter opens.
  await page.keyboard.press('/');
  console.log('"/" focuses search:', await page.evaluate(() => document.activeElement?.getAttribute('data-testid')));
  await page.getByTestId('item-card').first().focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const focusedId = await page.evaluate(() => document.activeElement?.getAttribute('data-index'));
  console.log('after → ↓ focused index:', focusedId);
  await page.keyboard.press('Enter');
  await page.getByTestId('item-detail-name').waitFor();
  await page.waitForTimeout(300);
  console.log('detail hash:', new URL(page.url()).hash);
  await shot(page, 'detail-en');
  await page.keyboard.press('Escape');
  await page.getByTestId('item-detail').waitFor({ state: 'detached' });
  console.log('after Escape, focused index:', await page.evaluate(() => document.activeElement?.getAttribute('data-index')));

  // Deep scroll: lazily paged.
  await page.evaluate(() => document.querySelector('.grid-scroll')?.scrollTo({ top: 3_000_000 }));
  await page.waitForTimeout(800);
  await waitImages(page);
  await shot(page, 'library-scrolled-en');
  console.log('items.list calls after deep scroll:', calls.length, calls.map((c) => (JSON.parse(c) as { offset: number }).offset).join(','));

  await page.getByTestId('search-input').fill('!error');
  await page.getByTestId('error-state').waitFor();
  await shot(page, 'error-en');
  await page.getByTestId('search-input').fill('');
  await page.getByTestId('item-card').first().waitFor();

  // A video and an audio item in the detail view.
  await page.getByTestId('filter-media-audio').click();
  await page.getByTestId('item-card').first().click();
  await page.getByTestId('item-detail-name').waitFor();
  await shot(page, 'detail-audio-en');
  await page.getByTestId('back-button').click();
  await page.getByTestId('filter-media-model').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=result-count]')?.textContent?.includes('16,667'));
  await waitImages(page);
  await shot(page, 'filter-model-en');
  await page.goBack();
  await page.goBack();
  console.log('after 2× back, hash:', new URL(page.url()).hash);
  await page.context().close();
}

// Chinese.
{
  const { page } = await newPage('zh-CN');
  await page.goto(`${url}/?token=devtoken`);
  await page.getByTestId('item-card').first().waitFor();
  await waitImages(page);
  await shot(page, 'library-zh');
  await page.getByTestId('search-input').pressSequentially('龙', { delay: 30 });
  await page.waitForFunction(() => !document.querySelector('[data-testid=result-count]')?.textContent?.includes('100,000'));
  await waitImages(page);
  console.log('zh search hash:', decodeURIComponent(new URL(page.url()).hash), '|', await page.getByTestId('result-count').textContent());
  await shot(page, 'search-zh');
  await page.getByTestId('filter-platform-huanhe').click();
  await page.waitForTimeout(400);
  await page.getByTestId('item-card').first().click();
  await page.getByTestId('item-detail-name').waitFor();
  await shot(page, 'detail-zh');
  await page.getByTestId('back-button').click();
  await page.getByTestId('search-input').fill('不存在的藏品');
  await page.getByTestId('empty-state').waitFor();
  await shot(page, 'no-results-zh');
  await page.getByTestId('lang-en').click();
  console.log('html lang after switch:', await page.evaluate(() => document.documentElement.lang));
  await shot(page, 'no-results-switched-en');
  await page.context().close();
}

// Chain item detail in Chinese (evidence L3) and an empty library.
{
  const { page } = await newPage('zh-CN');
  await page.goto(`${url}/?token=devtoken#/item/ethereum%3A8`);
  await page.getByTestId('item-detail-name').waitFor();
  await page.waitForTimeout(300);
  await shot(page, 'detail-chain-zh');
  await page.getByTestId('item-detail').evaluate((el) => el.querySelector('.detail-scroll')?.scrollTo({ top: 2000 }));
  await shot(page, 'detail-chain-zh-scrolled');
  await page.goto(emptyUrl);
  await page.getByTestId('empty-state').waitFor();
  await shot(page, 'empty-zh');
  await page.context().close();
}

await browser.close();
server.close();
emptyServer.close();
if (problems.length) {
  console.log('PROBLEMS:\n' + problems.join('\n'));
  process.exitCode = 1;
} else console.log('no console errors');
