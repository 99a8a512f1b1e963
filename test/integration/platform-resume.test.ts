// Resuming a platform sync after signing in again, with cursor paging (emulator shape b, whose
// "signed out" is an HTTP 200 with an error code): the sync after the new sign-in asks first for
// the page it stopped on (the saved cursor), never for an item page it had already stored, and
// ends with every holding once; the sync after that lists from the start again.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBackend, type Backend } from '../../main/api/backend.js';
import type { Account, ItemSummary } from '../../main/api/contract.js';
import { addPlatformAccount, sendSmsCode, verifySmsCode } from '../../main/core/connectors/platform/sign-in.js';
import { parseProfile } from '../../main/core/connectors/platform/profile.js';
import { loadSyncResume } from '../../main/core/db/sync-resume.js';
import { SHAPE_B_PROFILE } from '../emulator/profiles.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { callOk } from '../helpers/seed.js';
import { suiteTempDir } from '../helpers/tmp.js';

// Shape B narrowed to what resuming needs: the names and the main media, pages of 3.
const { certificate: _certificate, nameZh: _nameZh, ...shapeB } = SHAPE_B_PROFILE;
const PROFILE_B = parseProfile({
  ...shapeB,
  id: 'emulator-b-resume',
  name: 'R-Vault',
  responses: { ok: shapeB.responses.ok, sessionExpired: shapeB.responses.sessionExpired },
  holdings: { ...shapeB.holdings, pagination: { ...shapeB.holdings.pagination, size: 3 } },
  fields: { name: shapeB.fields.name },
  media: [shapeB.media[0]],
});

const PHONE = '13677778888';
let emulator: Emulator;
let backend: Backend;

const call = <T>(name: string, input?: unknown) => callOk<T>(backend, name, input);

async function signIn(accountId: string) {
  await sendSmsCode(backend.ctx.library, accountId, PHONE);
  await verifySmsCode(backend.ctx.library, accountId, PHONE, emulator.lastCode(PHONE)!);
}

const sync = async (accountId: string) => (await backend.ctx.sync.wait(backend.ctx.sync.start(accountId)))[0];
const cursorOf = (request: string) => new URL(request, emulator.url).searchParams.get('cursor');

beforeAll(async () => {
  const root = suiteTempDir('holdfast-platform-resume-');
  process.env.HOLDFAST_DATA_DIR = join(root, 'app-data');
  emulator = await startEmulator({ shape: 'b', items: 8, log: () => undefined });
  backend = openBackend(join(root, 'library'), 'http');
  backend.ctx.sync.previewsAfterSync = false; // this test is about the listing
});

afterAll(async () => {
  await backend?.close();
  await emulator?.close();
  delete process.env.HOLDFAST_DATA_DIR;
});

describe('a platform sync stopped by the end of the session', () => {
  it('continues at the saved cursor after signing in again, without asking for stored items, and loses or doubles nothing', async () => {
    const account = addPlatformAccount(backend.ctx.library, { profile: PROFILE_B, baseUrl: emulator.url });
    await signIn(account.id);
    const holdings = emulator.holdings(PHONE);

    // Signed out on page 2 (pages of 3), at its second item: the sign-in's check, page 1 and its
    // three item pages, page 2 and its first item page.
    emulator.configure({ sessionMaxRequests: 7 });
    expect(await sync(account.id)).toBe('failed');
    const stopped = (await call<Account[]>('accounts.list')).find((a) => a.id === account.id)!;
    expect(stopped.status).toBe('signin-required');
    const stored = (await call<{ items: ItemSummary[] }>('items.list', { limit: 50 })).items;
    expect(stored.map((i) => i.name).sort()).toEqual(holdings.slice(0, 4).map((h) => h.name).sort());
    const saved = loadSyncResume(backend.ctx.library.db, account.id) as { cursor: string; skip: number; count: number };
    expect(saved).toMatchObject({ skip: 1, count: 3, cursor: expect.any(String) });

    emulator.configure({ sessionMaxRequests: null });
    await signIn(account.id);
    emulator.resetStats();
    expect(await sync(account.id)).toBe('done');
    const requests = emulator.stats.requests;
    expect(cursorOf(requests[0]!)).toBe(saved.cursor); // the page it stopped on, first
    const detailIds = requests.filter((r) => /\/assets\/[^/?]+/.test(new URL(r, emulator.url).pathname)).map((r) => decodeURIComponent(r.split('/').pop()!));
    expect(detailIds).toEqual(holdings.slice(4).map((h) => h.id)); // only what was not stored
    const all = (await call<{ items: ItemSummary[] }>('items.list', { limit: 50 })).items;
    expect(all.map((i) => i.name).sort()).toEqual(holdings.map((h) => h.name).sort());
    expect(all.every((i) => i.held)).toBe(true);
    expect(loadSyncResume(backend.ctx.library.db, account.id)).toBeUndefined();

    // Listed to the end: the next sync starts from the first page again.
    emulator.resetStats();
    expect(await sync(account.id)).toBe('done');
    expect(cursorOf(emulator.stats.requests[0]!)).toBeNull();
    expect((await call<{ items: ItemSummary[] }>('items.list', { limit: 50 })).items).toHaveLength(8);
  });
});
