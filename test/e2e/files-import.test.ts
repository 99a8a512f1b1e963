/// <reference lib="dom" />
// Importing what you saved, in a real Chromium against `holdfast serve`: a folder by its path
// (with progress and the problems listed), a certificate screenshot read by OCR shown beside its
// fields (a bad serial blocks confirming), and hand-editing the fields on the item's page with
// each field's source shown.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.js';
import { REPO, holdfastServe } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';
import { renderCertificate } from '../fixtures/certificates/render.js';
import { zhSample } from '../fixtures/certificates/samples.js';

const artifacts = join(REPO, 'test', 'artifacts');
let dir: string;
let server: Awaited<ReturnType<typeof holdfastServe>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  dir = suiteTempDir('holdfast-e2e-files-');
  server = await holdfastServe(['--library', join(dir, 'library')]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en' });
  await page.goto(server.url);
  await page.evaluate(() => (window.location.hash = '#/accounts'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('importing what you saved, in the app', () => {
  it('imports a folder by its path, with progress and the files left out', async () => {
    const folder = join(dir, '幻核');
    mkdirSync(folder);
    writeFileSync(join(folder, '玉兔.png'), await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ddd' } }).png().toBuffer());
    writeFileSync(join(folder, '玉兔.json'), JSON.stringify({ 藏品编号: '#66/2022', 所属链: '至信链' }));
    writeFileSync(join(folder, '坏.jpg'), 'not a picture');
    await page.getByTestId('open-import-folder').click();
    await page.getByTestId('import-path').fill(folder);
    await page.getByTestId('import-platform').fill('幻核');
    await page.getByTestId('import-start').click();
    const done = page.getByTestId('import-folder-done');
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toMatch(/1 item \(1 new/);
    expect(await page.getByTestId('import-problems').textContent()).toMatch(/坏\.jpg/);
    await page.screenshot({ path: join(artifacts, 'files-import-folder-en.png') });
    await done.getByRole('button').click();
    await expect.poll(() => page.getByTestId('account-card').count()).toBe(1);
  });

  it('reads a certificate screenshot, shows it beside the fields, refuses a bad serial, adds the item', async () => {
    const image = join(dir, 'certificate.png');
    await page.getByTestId('open-import-certificate').click();
    writeFileSync(image, await renderCertificate(zhSample.text, { width: 1200 }));
    await page.getByTestId('import-platform').fill('幻核');
    await page.getByTestId('cert-file').setInputFiles(image);
    const shot = page.getByTestId('cert-shot');
    await shot.waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('cert-field-txHash').inputValue()).toBe(zhSample.expected.txHash);
    expect(await page.getByTestId('cert-field-serial').inputValue()).toBe('#12/10000');
    expect(await shot.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'files-import-certificate-en.png') });

    await page.getByTestId('cert-field-serial').fill('#12001/10000');
    expect(await page.getByTestId('cert-confirm').isDisabled()).toBe(true);
    expect(await shot.locator('[data-field="serial"]').textContent()).toMatch(/larger than its edition size/);
    await page.getByTestId('cert-field-serial').fill('#12/10000');
    await page.getByTestId('cert-field-name').fill('敦煌飞天·其一');
    await page.getByTestId('cert-confirm').click();
    await page.getByTestId('cert-done').waitFor();
    await page.getByRole('button', { name: 'Open the item' }).click();
  });

  it('shows where each field came from and edits the fields with validation', async () => {
    const sources = page.getByTestId('certificate-sources');
    await sources.waitFor();
    // The captured screenshot is shown with the fields, served from the library by its hash.
    await expect.poll(() => sources.getByTestId('certificate-capture').evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    expect(await sources.locator('[data-field="txHash"]').textContent()).toMatch(/OCR of certificate\.png \(\d+% sure\)/);
    expect(await sources.locator('[data-field="name"]').textContent()).toMatch(/typed by the user/);
    await page.getByTestId('edit-certificate-fields').click();
    await page.getByTestId('cert-field-tokenId').fill('令牌');
    expect(await page.getByTestId('cert-edit-save').isDisabled()).toBe(true);
    await page.getByTestId('cert-field-tokenId').fill('1234567');
    await page.getByTestId('cert-field-owner').fill('138****0001');
    await page.getByTestId('cert-edit-save').click();
    await expect.poll(() => sources.locator('[data-field="owner"]').textContent()).toMatch(/typed by the user/);
    await page.screenshot({ path: join(artifacts, 'files-item-sources-en.png'), fullPage: true });
  });
});
