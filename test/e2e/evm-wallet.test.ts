/// <reference lib="dom" />
// Adding a wallet in the app: a collector opens "Add wallet", enters an address, a custom chain
// id and an RPC URL (a real anvil), syncs, opens the token and re-verifies its evidence offline.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFixtures } from '../fixtures/evm/compile.js';
import { DEV_ACCOUNTS, startAnvil, type Anvil } from '../helpers/anvil.js';
import { launchChromium } from '../helpers/browser.js';
import { REPO, holdfastServe } from '../helpers/cli.js';
import { suiteTempDir } from '../helpers/tmp.js';

const artifacts = join(REPO, 'test', 'artifacts');
let anvil: Anvil;
let server: Awaited<ReturnType<typeof holdfastServe>>;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  const contracts = compileFixtures();
  anvil = await startAnvil();
  const plain = await anvil.deploy(contracts.Plain721!, []);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#24477a"/><circle cx="32" cy="32" r="18" fill="#f6c453"/></svg>`;
  const meta = `data:application/json;base64,${Buffer.from(JSON.stringify({ name: 'Harbour Light', description: 'A token minted on a local chain', image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` })).toString('base64')}`;
  await anvil.send(plain, contracts.Plain721!.abi, 'mint', [DEV_ACCOUNTS[1], 7n, meta]);
  // The server keeps custom RPC URLs in the account-secrets vault: a test's own, not the user's.
  process.env.HOLDFAST_DATA_DIR = suiteTempDir('holdfast-e2e-evm-secrets-');
  server = await holdfastServe(['--library', join(suiteTempDir('holdfast-e2e-evm-'), 'library')]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await anvil?.stop();
});

describe('adding an EVM wallet in the app', () => {
  it('adds the wallet, syncs it, shows the token at L3 and re-verifies its evidence', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);

    await page.getByTestId('add-account').click();
    const dialog = page.getByTestId('add-evm-account');
    await dialog.waitFor();
    // A bad address is refused with the table's own reason, nothing is added.
    await page.getByTestId('add-account-addresses').fill('0x1234');
    await page.getByTestId('add-account-chain').selectOption('custom');
    await page.getByTestId('add-account-chain-id').fill('31337');
    await page.getByTestId('add-account-rpc').fill(anvil.url);
    await page.getByTestId('add-account-submit').click();
    await expect.poll(() => page.getByTestId('add-account-error').textContent()).toMatch(/40 hex digits/);

    expect(await page.getByTestId('add-account-rpc-kept').textContent()).toMatch(/kept encrypted outside the library/);
    await page.getByTestId('add-account-addresses').fill(DEV_ACCOUNTS[1]!);
    await page.screenshot({ path: join(artifacts, 'evm-add-wallet-en.png') });
    await page.getByTestId('add-account-submit').click();
    await page.getByTestId('add-account-done').waitFor();
    await page.getByTestId('add-account-sync').click();

    const card = page.getByTestId('item-card').filter({ hasText: 'Harbour Light' });
    await card.waitFor({ timeout: 60_000 });
    await card.click();
    await page.getByTestId('item-detail').waitFor();
    await page.getByTestId('evidence-verify-button').click();
    await expect.poll(() => page.getByTestId('evidence-verify-summary').textContent(), { timeout: 20_000 }).toMatch(/Every check passed — evidence level L3/);
    const checks = page.getByTestId('evidence-check');
    expect(await checks.count()).toBe(5); // one header: the mint block is also the snapshot block
    expect(await page.locator('[data-testid="evidence-check"][data-ok="false"]').count()).toBe(0);
    await page.getByTestId('evidence-verify').screenshot({ path: join(artifacts, 'evm-evidence-verified-en.png') });
    // The token's picture (an SVG from its data: metadata) is shown.
    await page.waitForFunction(() => [...document.querySelectorAll('img')].some((i) => i.complete && i.naturalWidth > 0));
    await page.screenshot({ path: join(artifacts, 'evm-item-en.png') });
    expect(errors).toEqual([]);
  });

  it('shows the custom RPC URL as scheme://host/… on the account, and takes a new one there', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await page.goto(`${server.url}#/accounts`);
    const host = new URL(anvil.url).host;
    await expect.poll(() => page.getByTestId('account-rpc-urls').textContent()).toBe(`http://${host}`);
    // A URL with a key in its query (anvil ignores it): kept as a secret, shown without the key.
    await page.getByTestId('account-rpc-change').click();
    await page.getByTestId('account-rpc-input').fill(`${anvil.url}/?apikey=e2eSecretKey0042`);
    await page.getByTestId('account-rpc-save').click();
    await expect.poll(() => page.getByTestId('account-rpc-urls').textContent()).toBe(`http://${host}/…`);
    await expect.poll(() => page.getByTestId('account-rpc').textContent()).toMatch(/kept encrypted on this computer/);
    await page.getByTestId('account-rpc').screenshot({ path: join(artifacts, 'evm-account-rpc-en.png') });
    expect(await page.content()).not.toContain('e2eSecretKey0042');
    // A sync through it still works.
    await page.getByTestId('account-card').getByRole('button', { name: 'Sync' }).click();
    const runs = async () => {
      const r = await fetch(new URL('/api/call/sync.runs', server.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${new URL(server.url).searchParams.get('token')}`, 'content-type': 'application/json' },
        body: '{}',
      });
      return ((await r.json()) as { result: Array<{ status: string }> }).result.map((run) => run.status);
    };
    await expect.poll(runs, { timeout: 30_000 }).toEqual(['done', 'done']);
  });

  it('speaks Chinese too', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    await page.goto(server.url);
    await page.getByTestId('add-account').click();
    await expect.poll(() => page.getByTestId('add-evm-account').textContent()).toMatch(/添加 EVM 钱包.*地址.*链/);
    await page.screenshot({ path: join(artifacts, 'evm-add-wallet-zh.png') });
    await page.getByTestId('add-account-addresses').press('Escape');
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByTestId('item-card').first().click();
    await page.getByTestId('evidence-verify-button').click();
    await expect.poll(() => page.getByTestId('evidence-verify-summary').textContent(), { timeout: 20_000 }).toMatch(/全部检查通过/);
    await page.getByTestId('evidence-verify').screenshot({ path: join(artifacts, 'evm-evidence-verified-zh.png') });
    await page.goto(`${server.url}#/accounts`);
    await expect.poll(() => page.getByTestId('account-rpc').textContent()).toMatch(/加密保存在本机.*更改 RPC 地址/);
  });
});
