/// <reference lib="dom" />
// Platform accounts in the app (browser mode), as a user meets them, in Chromium: the demo's
// platform account; adding an account on the platform emulator through the SMS form; a session
// that ends ("sign in again", and signing in again syncs); a platform that shuts down (its notice
// and "export everything now"); the demo account once its emulator is gone. Screenshots of each
// state, in 简体中文 and English, go to test/artifacts/platform-accounts/.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { launchChromium } from '../helpers/browser.js';
import { holdfast, holdfastServe, REPO } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

const artifacts = join(REPO, 'test', 'artifacts', 'platform-accounts');
const DEMO_ACCOUNT = 'demo-platform-emulator-a';
let emulator: Emulator;
let server: Awaited<ReturnType<typeof holdfastServe>>;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const root = suiteTempDir('holdfast-e2e-platform-');
  process.env.HOLDFAST_DATA_DIR = join(root, 'app-data');
  const library = join(root, 'library');
  const demo = holdfast(['demo', '--library', library]);
  expect(demo.status, demo.stderr).toBe(0);
  emulator = await startEmulator({ shape: 'a', items: 4, log: () => undefined });
  server = await holdfastServe(['--library', library]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await emulator?.close();
  delete process.env.HOLDFAST_DATA_DIR;
});

async function accountsPage(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}#/accounts`);
  await page.locator(`[data-account-id="${DEMO_ACCOUNT}"]`).waitFor();
  return page;
}

/** The accounts page afresh (a reload: the hash alone would not reload the list). */
async function reload(page: Page) {
  await page.goto(`${server.url}#/accounts`);
  await page.reload();
  await page.locator(`[data-account-id="${DEMO_ACCOUNT}"]`).waitFor();
}

/** One operation of the app's table, as the page calls it. */
async function call<T>(name: string, input: unknown): Promise<T> {
  const url = new URL(server.url);
  const r = await fetch(`${url.origin}/api/call/${name}?token=${url.searchParams.get('token')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await r.json()) as { ok: boolean; result: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error?.message);
  return body.result;
}

/** Waits until the account's latest sync has ended; returns how. */
async function syncEnded(accountId: string): Promise<string> {
  let status = 'running';
  await expect
    .poll(
      async () => {
        const [run] = await call<Array<{ status: string }>>('sync.runs', { accountId, limit: 1 });
        status = run?.status ?? 'none';
        return status;
      },
      { timeout: 60_000, interval: 300 },
    )
    .not.toBe('running');
  return status;
}

/** "Sync now" on the account's card (the app then shows the sync page); waits for the end. */
async function syncFromCard(page: Page, id: string, label: string): Promise<string> {
  await card(page, id).getByRole('button', { name: label }).click();
  await page.waitForURL(/#\/sync/);
  return syncEnded(id);
}

const card = (page: Page, id: string) => page.locator(`[data-account-id="${id}"]`);
const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

/** The SMS form: phone, "get code", the code the emulator texted, "sign in". */
async function smsSignIn(page: Page, scope: ReturnType<Page['locator']>, phone: string) {
  await scope.getByTestId('platform-phone').fill(phone);
  await scope.getByTestId('platform-signin-submit').click();
  await expect.poll(() => emulator.lastCode(phone)).toMatch(/^\d{6}$/);
  await scope.getByTestId('platform-code').fill(emulator.lastCode(phone)!);
  await scope.getByTestId('platform-signin-submit').click();
}

describe('platform accounts in the app', () => {
  it('zh-CN: the demo account, adding an account by SMS, sign in again, shutdown notice with export', async () => {
    const page = await accountsPage('zh-CN');
    await expect.poll(() => card(page, DEMO_ACCOUNT).getByTestId('account-items').textContent()).toBe('7');
    await shot(page, 'zh-1-accounts');

    // Add an account on the emulator: the shipped profile, the emulator's address, the SMS code.
    await page.getByTestId('add-platform-account-button').click();
    const dialog = page.getByTestId('add-platform-account');
    await expect.poll(() => dialog.getByTestId('platform-profile').inputValue()).toBe('emulator-a');
    await expect.poll(() => dialog.locator('.file-picker-button').textContent()).toBe('选择配置文件…'); // not the browser's own "Choose File"
    await dialog.getByTestId('platform-base-url').fill(emulator.url);
    await shot(page, 'zh-2-add-dialog');
    await dialog.getByTestId('platform-add-submit').click();
    await smsSignIn(page, dialog, '13511112222');
    await dialog.getByTestId('platform-added').waitFor();
    await dialog.getByTestId('platform-sync-now').click();
    await dialog.waitFor({ state: 'detached' });
    await reload(page);
    const added = page.locator('[data-account-id^="emulator-a-"]');
    const id = (await added.getAttribute('data-account-id'))!;
    expect(await syncEnded(id)).toBe('done');
    await reload(page);
    expect(await added.getByTestId('account-items').textContent()).toBe('4');
    expect(await added.locator('h2').textContent()).toBe('灵境数藏（模拟平台 A） · 135****2222'); // named by its phone once signed in

    // The platform ends the session: the next sync stops, the card asks to sign in again.
    emulator.expireSessions();
    expect(await syncFromCard(page, id, '立即同步')).toBe('failed');
    await reload(page);
    await card(page, id).getByTestId('platform-signin-again').waitFor();
    await expect.poll(() => card(page, id).getByTestId('platform-signin-required').textContent()).toMatch(/重新登录后，同步会从中断处继续/);
    await shot(page, 'zh-3-signin-again');
    await card(page, id).getByTestId('platform-signin-again').click();
    await smsSignIn(page, card(page, id), '13511112222');
    // Signed in, the sync starts by itself and the card is back to normal.
    await expect.poll(() => card(page, id).getByTestId('platform-signin-required').count(), { timeout: 60_000 }).toBe(0);
    expect(await syncEnded(id)).toBe('done');

    // The platform shuts down: its notice, and "export everything now" writes a bundle.
    emulator.configure({ shutdown: 'closed', notice: '本平台已停止运营，感谢陪伴。' });
    await reload(page);
    expect(await syncFromCard(page, id, '立即同步')).toBe('failed');
    await reload(page);
    const closed = card(page, id).getByTestId('platform-closed');
    await closed.waitFor();
    expect(await closed.textContent()).toContain('本平台已停止运营，感谢陪伴。');
    await shot(page, 'zh-4-shutdown');
    await closed.getByTestId('platform-export-now').click();
    await closed.getByTestId('platform-exported').waitFor({ timeout: 60_000 });
    const exported = /[/\\][^\s]*\.zip/.exec((await closed.getByTestId('platform-exported').textContent())!)?.[0];
    expect(exported && existsSync(exported.trim())).toBe(true);
    emulator.configure({ shutdown: 'off' });

    // The demo's account, synced after the demo ended: it says why, in Chinese.
    expect(await syncFromCard(page, DEMO_ACCOUNT, '立即同步')).toBe('failed');
    await reload(page);
    expect(await card(page, DEMO_ACCOUNT).getByTestId('platform-error').textContent()).toMatch(/再次运行「holdfast demo」/);
    await shot(page, 'zh-5-demo-gone');
    await page.context().close();
  });

  it('English: the same states read in English', async () => {
    const page = await accountsPage('en-US');
    await expect.poll(() => card(page, DEMO_ACCOUNT).getByTestId('platform-error').textContent()).toMatch(/Run “holdfast demo” again/);
    const closed = page.getByTestId('platform-closed');
    await expect.poll(() => closed.getByTestId('platform-export-now').textContent()).toBe('Export everything now');
    await shot(page, 'en-1-accounts');
    await page.getByTestId('add-platform-account-button').click();
    await expect.poll(() => page.locator('.file-picker-button').textContent()).toBe('Choose a profile file…');
    await shot(page, 'en-2-add-dialog');
    await page.context().close();
  });
});
