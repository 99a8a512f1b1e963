/// <reference lib="dom" />
// Capture mode end to end: a real Chromium signs in to the emulator's shape-b platform (which
// has no shipped profile) by typing a phone number and the SMS code, browses "我的藏品" while the
// CDP recorder keeps the JSON it receives; the capture engine finds the holdings array, proposes
// the mapping, and the confirmed mapping becomes a profile that then syncs into a library.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { launchChromium } from '../helpers/browser.js';
import { suiteTempDir } from '../helpers/tmp.js';

let emulator: Emulator;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = suiteTempDir('holdfast-capture-data-');
  process.env.HOLDFAST_DATA_DIR = dataDir;
  emulator = await startEmulator({ shape: 'b', items: 7, log: () => undefined });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  delete process.env.HOLDFAST_DATA_DIR;
});

describe('capture mode on a platform without a profile', () => {
  it('records the signed-in pages, detects the holdings, and the confirmed mapping syncs', async () => {
    const { CdpRecorder } = await import('../../main/core/capture/recorder.js');
    const { analyzeCapture } = await import('../../main/core/capture/analyze.js');
    const { proposeMapping } = await import('../../main/core/capture/propose.js');
    const { buildProfile } = await import('../../main/core/capture/build-profile.js');
    const { importProfile, listProfiles } = await import('../../main/core/connectors/platform/profile-store.js');
    const { addPlatformAccount, completeSignIn } = await import('../../main/core/connectors/platform/sign-in.js');
    const { openBackend } = await import('../../main/api/backend.js');
    const { call } = await import('../../main/cli/context.js');

    expect(listProfiles().some((p) => p.profile.baseUrl === emulator.url)).toBe(false);

    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const recorder = new CdpRecorder(await context.newCDPSession(page));
    await recorder.start();

    // Sign in the way a person does: phone, "get code", the texted code, "sign in".
    const phone = '13912345678';
    await page.goto(`${emulator.url}/login`);
    await page.locator('#phone').fill(phone);
    await page.locator('#send-code').click();
    await expect.poll(() => emulator.lastCode(phone)).toMatch(/^\d{6}$/);
    await page.locator('#code').fill(emulator.lastCode(phone)!);
    await page.locator('#sign-in').click();
    await page.waitForURL('**/my/collection');

    // Browse 我的藏品: every page of the list, then one item.
    await page.locator('li.holding').first().waitFor();
    while (await page.locator('#more').isVisible()) {
      const before = await page.locator('li.holding').count();
      await page.locator('#more').click();
      await expect.poll(() => page.locator('li.holding').count()).toBeGreaterThan(before);
    }
    expect(await page.locator('li.holding').count()).toBe(7);
    await page.locator('li.holding').nth(1).click();
    await page.locator('#detail-name').waitFor();
    const recorded = await recorder.settle();
    expect(recorded.length).toBeGreaterThanOrEqual(4);

    // The engine finds the holdings list, how it pages, and the item-page request.
    const [best] = analyzeCapture(recorded);
    expect(best).toBeDefined();
    expect(best!.itemsPath).toBe('$.result.items');
    expect(best!.idPath).toBe('$.asset_id');
    expect(best!.entries).toHaveLength(7);
    expect(best!.pagination).toMatchObject({ style: 'cursor', param: 'cursor', nextPath: '$.result.next_cursor' });
    expect(best!.detail?.path).toBe('/gateway/v2/assets/{id}');

    // The proposal names the fields a person would pick.
    const proposal = proposeMapping(best!);
    const field = (f: string) => proposal.fields.find((x) => x.field === f)?.path;
    expect(field('name')).toMatch(/nft_info\.title$/);
    expect(field('chain')).toBe('$.detail.result.nft_info.chain_info.network');
    expect(field('txHash')).toBe('$.detail.result.nft_info.chain_info.mint_tx');
    expect(field('tokenId')).toBe('$.detail.result.nft_info.chain_info.token_id');
    expect(field('contract')).toBe('$.detail.result.nft_info.chain_info.contract');
    expect(field('edition')).toMatch(/edition\.number$/);
    expect(field('supply')).toMatch(/edition\.supply$/);
    expect(proposal.media.map((m) => m.path)).toContain('$.detail.result.nft_info.media.url');

    // Confirm the proposal as it is; it becomes a profile like any imported one.
    const cookies = (await context.cookies(emulator.url)).map((c) => ({ name: c.name, value: c.value, domain: c.domain, path: c.path }));
    const profile = buildProfile(
      best!,
      {
        id: 'captured-r-vault',
        name: 'R-Vault (captured)',
        fields: Object.fromEntries(proposal.fields.map((f) => [f.field, f.path])),
        media: proposal.media.map((m) => ({ path: m.path, ...(m.roleFromField ? { role: m.role } : {}) })),
      },
      { loginPath: '/login', sessionCookies: cookies.map((c) => c.name) },
    );
    importProfile(profile);
    const saved = JSON.parse(readFileSync(join(dataDir, 'platform-profiles', 'captured-r-vault.json'), 'utf8')) as { holdings: unknown; responses: unknown };
    expect(saved.holdings).toMatchObject({ itemsPath: '$.result.items', pagination: { style: 'cursor' } });
    // The login page asked "who am I?" before sign-in; that answer (HTTP 200, a JSON error code)
    // taught the profile how this platform says "signed out".
    expect(saved.responses).toMatchObject({ ok: { path: '$.status', equals: 'success' }, sessionExpired: expect.arrayContaining([{ path: '$.error.code', equals: 'AUTH_REQUIRED' }]) });

    // The browser's session signs the new account in, and a sync copies everything.
    const backend = openBackend(join(suiteTempDir('holdfast-capture-lib-'), 'library'), 'http');
    try {
      const account = addPlatformAccount(backend.ctx.library, { profile, name: 'R-Vault' });
      await completeSignIn(backend.ctx.library, account.id, cookies);
      const statuses = await backend.ctx.sync.wait(backend.ctx.sync.start(account.id));
      expect(statuses).toEqual(['done']);
      const list = { result: await call(backend, 'items.list', { limit: 50 }) };
      const expected = emulator.holdings(phone);
      expect(list.result.items.map((i) => i.name).sort()).toEqual(expected.map((h) => h.name).sort());
      const glbHolding = expected.find((h) => h.kind === 'model')!;
      const summary = list.result.items.find((i) => i.name === glbHolding.name)!;
      const item = { result: await call(backend, 'items.get', { id: summary.id }) };
      expect(item.result).toMatchObject({
        serial: `#${glbHolding.edition}/${glbHolding.supply}`,
        chain: glbHolding.chain,
        txHash: glbHolding.txHash,
        tokenId: glbHolding.tokenId,
        mediaType: 'model',
        evidenceLevel: 1,
      });
      expect(item.result.files.map((f) => f.mime)).toEqual(expect.arrayContaining(['model/gltf-binary', 'image/jpeg']));

      // When the platform ends the session (it still answers HTTP 200), the account asks to sign
      // in again rather than failing with "the platform answered an error".
      emulator.expireSessions();
      expect(await backend.ctx.sync.wait(backend.ctx.sync.start(account.id))).toEqual(['failed']);
      const accounts = await call(backend, 'accounts.list', {});
      expect(accounts.find((a) => a.id === account.id)).toMatchObject({ status: 'signin-required', heldCount: 7 });
    } finally {
      await backend.close();
      await context.close();
    }
  });
});
