// The whole main process against the stand-in `electron` and a real temp library: scheme
// registration before ready, single-instance lock, protocol handlers, the IPC channel, event
// push, settings, menu language, library switching and shutdown.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '../../main/api/contract.js';
import { createMainProcess, type ElectronMain, type MainProcess } from '../../main/electron/main.js';
import { memorySettingsStore, type SettingsBackingStore } from '../../main/electron/settings.js';
import { tempDir } from '../helpers/tmp.js';
import { FakeBrowserWindow, ipcEvent, schemeRequest, standIn } from './electron-stand-in.js';

vi.mock('electron', async () => (await import('./electron-stand-in.js')).electronModule);

let root: string;
let rendererDir: string;
let libraryDir: string;
let store: SettingsBackingStore;
let main: MainProcess | null = null;

beforeEach(() => {
  standIn.reset();
  root = tempDir();
  rendererDir = join(root, 'renderer');
  libraryDir = join(root, 'library');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Holdfast</title>');
  store = memorySettingsStore();
});

afterEach(async () => {
  await main?.shutdown();
  main = null;
});

function create(options: { argv?: string[]; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform } = {}): MainProcess {
  main = createMainProcess({
    electron: standIn.electron as unknown as ElectronMain,
    paths: { rendererDir, preloadPath: join(root, 'preload.cjs') },
    argv: options.argv ?? ['electron', 'out/electron/main.js', '--library', libraryDir],
    env: options.env ?? {},
    platform: options.platform ?? 'linux',
    isDev: false,
    openSettingsStore: async () => store,
  });
  return main;
}

const call = (name: unknown, input?: unknown, url = 'holdfast-app://app/index.html') =>
  standIn.ipcHandlers.get('holdfast:call')!(ipcEvent(url), name, input) as Promise<ApiResult<unknown>>;

describe('main process', () => {
  it('registers the privileged schemes before ready, then handlers, IPC and one secure window', async () => {
    expect(await create().start()).toBe(true);
    const order = standIn.order;
    expect(order.indexOf('registerSchemesAsPrivileged')).toBeLessThan(order.indexOf('whenReady'));
    expect(order.indexOf('whenReady')).toBeLessThan(order.indexOf('protocol.handle:holdfast-app'));
    expect(standIn.privileged.flat().map((s) => (s as { scheme: string }).scheme)).toEqual(['holdfast-app', 'holdfast-media']);
    expect([...standIn.protocolHandlers.keys()].sort()).toEqual(['holdfast-app', 'holdfast-media']);
    expect([...standIn.ipcHandlers.keys()]).toEqual(['holdfast:call']);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: join(root, 'preload.cjs') });
    expect(win.loaded).toEqual(['holdfast-app://app/index.html']);
    expect(standIn.permission.request).toBeTypeOf('function');
    expect(standIn.menu.template).not.toBeNull();
  });

  it('serves the renderer and the open library through its protocol handlers', async () => {
    const app = create();
    await app.start();
    const page = await standIn.protocolHandlers.get('holdfast-app')!(schemeRequest('holdfast-app://app/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await standIn.protocolHandlers.get('holdfast-app')!(schemeRequest('holdfast-app://app/%2e%2e%2flibrary/holdfast.sqlite'))).status).toBe(404);

    const { sha256 } = await app.backend!.ctx.library.blobs.put('frame bytes');
    const media = await standIn.protocolHandlers.get('holdfast-media')!(schemeRequest(`holdfast-media://blob/${sha256}`, { headers: { Range: 'bytes=0-4' } }));
    expect(media.status).toBe(206);
    expect(await media.text()).toBe('frame');
  });

  it('answers the API table over IPC for the app window only', async () => {
    await create().start();
    expect(await call('app.info')).toMatchObject({ ok: true, result: { shell: 'electron', libraryDir } });
    expect(await call('app.info', undefined, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('items.get', { id: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('shell.exec', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
  });

  it('reveals a library file in the file manager through files.reveal, and nothing else', async () => {
    const app = create();
    await app.start();
    const { sha256 } = await app.backend!.ctx.library.blobs.put('a stored file');
    const path = app.backend!.ctx.library.blobs.pathOf(sha256);
    expect(await call('files.reveal', { sha256 })).toEqual({ ok: true, result: { revealed: true, path } });
    expect(standIn.electron.shell.showItemInFolder).toHaveBeenCalledWith(path);
    expect(await call('files.reveal', { sha256: 'f'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call('files.reveal', { sha256: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(standIn.electron.shell.showItemInFolder).toHaveBeenCalledTimes(1);
  });

  it('offers the system save/open dialogs for bundles through bundle.choosePath', async () => {
    await create().start();
    const dialog = standIn.electron.dialog as unknown as { showSaveDialog: ReturnType<typeof vi.fn>; showOpenDialog: ReturnType<typeof vi.fn> };
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/home/me/holdings.zip' });
    expect(await call('bundle.choosePath', { purpose: 'save', suggestedName: 'holdings.zip' })).toEqual({ ok: true, result: { path: '/home/me/holdings.zip', native: true } });
    expect(dialog.showSaveDialog.mock.calls.at(-1)!.at(-1)).toMatchObject({ defaultPath: 'holdings.zip', filters: [{ extensions: ['zip'] }] });
    expect(await call('bundle.choosePath', { purpose: 'open' })).toEqual({ ok: true, result: { path: null, native: true } });
  });

  it('pushes backend events to the window', async () => {
    const app = create();
    await app.start();
    app.backend!.ctx.events.emit({ type: 'library.changed' });
    expect(FakeBrowserWindow.instances[0]!.webContents.sent).toEqual([['holdfast:event', { type: 'library.changed' }]]);
  });

  it('quits at once when another instance holds the lock', async () => {
    standIn.state.singleInstance = false;
    expect(await create().start()).toBe(false);
    expect(standIn.electron.app.quit).toHaveBeenCalled();
    expect(standIn.electron.app.whenReady).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('uses the saved library folder when there is no flag or env, and the saved language', async () => {
    store.set('libraryDir', libraryDir);
    store.set('language', 'zh-CN');
    const app = create({ argv: ['electron', 'main.js'] });
    await app.start();
    expect(app.backend!.ctx.library.dir).toBe(libraryDir);
    expect(app.language).toBe('zh-CN');
    expect(JSON.stringify(standIn.menu.template)).toContain('打开藏品库文件夹');
  });

  it('follows the system locale when the language is auto', async () => {
    standIn.state.locale = 'zh-CN';
    const app = create();
    await app.start();
    expect(app.language).toBe('zh-CN');
  });

  it('switches library, remembers it, tells the window and reloads the front page', async () => {
    const app = create();
    await app.start();
    const other = join(root, 'other-library');
    expect(await app.switchLibrary(other)).toBe(true);
    expect(app.backend!.ctx.library.dir).toBe(other);
    expect(store.get('libraryDir')).toBe(other);
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.webContents.sent).toContainEqual(['holdfast:event', { type: 'library.changed' }]);
    expect(win.loaded.at(-1)).toBe('holdfast-app://app/index.html');
    expect(await call('app.info')).toMatchObject({ ok: true, result: { libraryDir: other } });
  });

  it("switches library from Settings' Change folder… (library.choose): a folder dialog, then the new library", async () => {
    await create().start();
    const dialog = standIn.electron.dialog as unknown as { showOpenDialog: ReturnType<typeof vi.fn> };
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await call('library.choose', {})).toEqual({ ok: true, result: { switched: false, native: true } });
    const other = join(root, 'chosen-library');
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [other] });
    expect(await call('library.choose', {})).toEqual({ ok: true, result: { switched: true, native: true } });
    expect(await call('app.info')).toMatchObject({ ok: true, result: { libraryDir: other } });
    expect(store.get('libraryDir')).toBe(other);
    expect(await call('library.choose', { dir: '/etc' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses to switch to a folder that is not a library and keeps the current one', async () => {
    const app = create();
    await app.start();
    const notALibrary = join(root, 'documents');
    mkdirSync(notALibrary);
    writeFileSync(join(notALibrary, 'taxes.pdf'), 'x');
    expect(await app.switchLibrary(notALibrary)).toBe(false);
    expect(standIn.electron.dialog.showMessageBox).toHaveBeenCalled();
    expect(app.backend!.ctx.library.dir).toBe(libraryDir);
  });

  it('asks for another folder when the chosen one cannot be opened, and quits if the user declines', async () => {
    const notALibrary = join(root, 'documents');
    mkdirSync(notALibrary);
    writeFileSync(join(notALibrary, 'taxes.pdf'), 'x');
    const app = create({ argv: ['electron', 'main.js', '--library', notALibrary] });
    await app.start();
    expect(standIn.electron.dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(standIn.electron.app.quit).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('closes the library before quitting', async () => {
    const app = create();
    await app.start();
    const backend = app.backend!;
    const close = vi.spyOn(backend, 'close');
    let prevented = false;
    standIn.emitApp('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(standIn.electron.app.quit).toHaveBeenCalled());
    expect(close).toHaveBeenCalled();
    expect(standIn.ipcHandlers.size).toBe(0);
    prevented = false;
    standIn.emitApp('will-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
  });

  it('denies new windows and webviews in every web contents', async () => {
    await create().start();
    const contents = new (await import('./electron-stand-in.js')).FakeWebContents();
    standIn.emitApp('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.attempt('will-attach-webview', 'https://example.com')).toBe(true);
  });

  it('quits when the last window closes, except on macOS', async () => {
    await create({ platform: 'darwin' }).start();
    standIn.emitApp('window-all-closed');
    expect(standIn.electron.app.quit).not.toHaveBeenCalled();
    await main!.shutdown();
    standIn.reset();
    await create({ platform: 'win32' }).start();
    standIn.emitApp('window-all-closed');
    expect(standIn.electron.app.quit).toHaveBeenCalled();
  });
});

describe('module import', () => {
  it('has no side effects outside Electron', async () => {
    standIn.reset();
    await import('../../main/electron/main.js');
    expect(standIn.electron.app.whenReady).not.toHaveBeenCalled();
    expect(standIn.electron.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
  });
});
