// The desktop app keeps custom RPC URLs with safeStorage (the stand-in's keychain): a wallet added
// through the IPC channel leaves only ciphertext in the settings' secrets and nothing in the file
// vault or the library; a library from before has its plain URL moved into safeStorage when the
// app opens it; without a system keyring the URL is refused with the reason, not stored.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account, ApiResult } from '../../main/api/contract.js';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { Library } from '../../main/core/library.js';
import { createMainProcess, type ElectronMain, type MainProcess } from '../../main/electron/main.js';
import { memorySettingsStore, type SettingsBackingStore } from '../../main/electron/settings.js';
import { tempDir } from '../helpers/tmp.js';
import { ipcEvent, standIn } from './electron-stand-in.js';

vi.mock('electron', async () => (await import('./electron-stand-in.js')).electronModule);

const KEY = 'infuraProjectKey0123456789abcdef';
const URL_WITH_KEY = `https://mainnet.example-rpc.io/v3/${KEY}`;
const WALLET = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';

let root: string;
let libraryDir: string;
let store: SettingsBackingStore;
let main: MainProcess | null = null;

beforeEach(() => {
  standIn.reset();
  root = tempDir();
  libraryDir = join(root, 'library');
  store = memorySettingsStore();
  // Where the command line's file vault would be: the desktop app must not use it.
  process.env.HOLDFAST_DATA_DIR = join(root, 'app-data');
});

afterEach(async () => {
  await main?.shutdown();
  main = null;
  delete process.env.HOLDFAST_DATA_DIR;
});

async function start(): Promise<void> {
  main = createMainProcess({
    electron: standIn.electron as unknown as ElectronMain,
    paths: { rendererDir: join(root, 'renderer'), preloadPath: join(root, 'preload.cjs') },
    argv: ['electron', 'out/electron/main.js', '--library', libraryDir],
    env: {},
    platform: 'linux',
    isDev: false,
    openSettingsStore: async () => store,
  });
  expect(await main.start()).toBe(true);
}

const call = (name: string, input?: unknown) => standIn.ipcHandlers.get('holdfast:call')!(ipcEvent('holdfast-app://app/index.html'), name, input) as Promise<ApiResult<unknown>>;

const libraryHoldsKey = () =>
  readdirSync(libraryDir, { recursive: true, withFileTypes: true }).some((e) => e.isFile() && readFileSync(join(e.parentPath, e.name)).includes(KEY));

describe('RPC URLs in the desktop app', () => {
  it('are kept with safeStorage: ciphertext in settings, nothing in the file vault or the library', async () => {
    await start();
    const added = await call('accounts.add', { kind: 'evm', addresses: [WALLET], chainId: 31337, rpcUrls: [URL_WITH_KEY] });
    expect(added.ok).toBe(true);
    expect((added as { result: Account }).result.rpc).toEqual({ urls: ['https://mainnet.example-rpc.io/…'], secret: true });
    const secrets = store.get('secrets') as Record<string, string>;
    expect(Object.keys(secrets)).toEqual([expect.stringMatching(/^rpc-urls\.[0-9a-f]{32}$/)]);
    expect(JSON.stringify(secrets)).not.toContain(KEY);
    expect(main!.secrets!.get(Object.keys(secrets)[0]!)).toBe(JSON.stringify([URL_WITH_KEY]));
    expect(existsSync(join(root, 'app-data'))).toBe(false);
    await main!.shutdown();
    expect(libraryHoldsKey()).toBe(false);
  });

  it("moves a library's plain RPC URL into safeStorage when the app opens it", async () => {
    const old = Library.open(libraryDir);
    upsertPlatform(old.db, { id: 'evm-1', name: 'Ethereum', kind: 'chain', status: 'active' });
    upsertAccount(old.db, { id: 'evm-1-old', kind: 'evm', platformId: 'evm-1', name: 'Old wallet', config: { chainId: 1, addresses: [WALLET], rpcUrls: [URL_WITH_KEY] } });
    old.close();
    expect(libraryHoldsKey()).toBe(true);
    await start();
    const list = (await call('accounts.list')) as { ok: true; result: Account[] };
    expect(list.result.map((a) => a.rpc)).toEqual([{ urls: ['https://mainnet.example-rpc.io/…'], secret: true }]);
    expect(Object.values(store.get('secrets') as Record<string, string>)).toHaveLength(1);
    await main!.shutdown();
    expect(libraryHoldsKey()).toBe(false);
  });

  it('refuses to store one without a system keyring (basic_text), saying why', async () => {
    standIn.state.backend = 'basic_text';
    await start();
    const added = await call('accounts.add', { kind: 'evm', addresses: [WALLET], chainId: 31337, rpcUrls: [URL_WITH_KEY] });
    expect(added).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((added as { error: { message: string } }).error.message).toMatch(/RPC URLs can't be stored safely: .*no system keyring/);
    expect((added as { error: { message: string } }).error.message).not.toContain(KEY);
    expect(((await call('accounts.list')) as { result: Account[] }).result).toEqual([]);
  });
});
