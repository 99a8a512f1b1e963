// The main window's options and guards, the session's permission handlers and the menu.
import { beforeEach, describe, expect, it } from 'vitest';
import { buildMenuTemplate, pickLanguage } from '../../main/electron/menu.js';
import { accountPartition, openSignInWindow } from '../../main/electron/signin-window.js';
import { createMainWindow, hardenSession, restoreBounds } from '../../main/electron/window.js';
import type { WindowBounds } from '../../main/electron/settings.js';
import { FakeBrowserWindow, standIn } from './electron-stand-in.js';

beforeEach(() => standIn.reset());

function openWindow(bounds: WindowBounds | null = null, isDev = false) {
  const saved: WindowBounds[] = [];
  const win = createMainWindow({
    BrowserWindow: FakeBrowserWindow as never,
    shell: standIn.electron.shell,
    screen: standIn.electron.screen as never,
    preloadPath: '/app/out/preload/preload.cjs',
    isDev,
    bounds,
    saveBounds: (b) => void saved.push(b),
  }) as unknown as FakeBrowserWindow;
  return { win, saved };
}

describe('main window', () => {
  it('is isolated, sandboxed, without Node, webviews or spellcheck, with the preload', () => {
    const { win } = openWindow();
    expect(win.options.webPreferences).toEqual(
      expect.objectContaining({
        preload: '/app/out/preload/preload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
        devTools: false,
      }),
    );
    expect(openWindow(null, true).win.options.webPreferences?.devTools).toBe(true);
  });

  it('loads the UI from holdfast-app://app, never file://', () => {
    const { win } = openWindow();
    expect(win.loaded).toEqual(['holdfast-app://app/index.html']);
    expect(win.options.show).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('denies window.open, sending http(s) links to the system browser', () => {
    const { win } = openWindow();
    const open = win.webContents.windowOpenHandler!;
    expect(open({ url: 'https://etherscan.io/tx/0x1' })).toEqual({ action: 'deny' });
    expect(open({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(open({ url: 'holdfast-app://app/index.html' })).toEqual({ action: 'deny' });
    expect(standIn.electron.shell.openExternal.mock.calls).toEqual([['https://etherscan.io/tx/0x1'], ['http://example.com/']]);
  });

  it('blocks navigation away from holdfast-app://app', () => {
    const { win } = openWindow();
    expect(win.webContents.attempt('will-navigate', 'holdfast-app://app/index.html#/item/7')).toBe(false);
    expect(win.webContents.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win.webContents.attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(win.webContents.attempt('will-navigate', 'holdfast-media://blob/' + 'a'.repeat(64))).toBe(true);
    expect(win.webContents.attempt('will-redirect', 'https://evil.example/')).toBe(true);
    expect(win.webContents.attempt('will-attach-webview', 'https://evil.example/')).toBe(true);
    expect(standIn.electron.shell.openExternal.mock.calls).toEqual([['https://evil.example/']]);
  });

  it('remembers and restores its bounds', () => {
    const { win, saved } = openWindow({ x: 100, y: 50, width: 1000, height: 700, maximized: true });
    expect(win.options).toMatchObject({ x: 100, y: 50, width: 1000, height: 700 });
    expect(win.maximized).toBe(true);
    win.emit('close');
    expect(saved).toEqual([{ x: 40, y: 30, width: 1100, height: 760, maximized: true }]);
  });

  it('drops a saved position that is off every display', () => {
    const displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
    expect(restoreBounds({ x: 5000, y: 5000, width: 800, height: 600, maximized: false }, displays)).toEqual({ width: 800, height: 600 });
    expect(restoreBounds({ x: 10, y: 10, width: 800, height: 600, maximized: false }, displays)).toEqual({ x: 10, y: 10, width: 800, height: 600 });
    expect(restoreBounds(null, displays)).toEqual({ width: 1280, height: 820 });
  });
});

describe('session permissions', () => {
  it('denies every permission request except clipboard writes and full screen from the app', () => {
    hardenSession(standIn.electron.session.defaultSession as never);
    const request = standIn.permission.request as unknown as (wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void;
    const check = standIn.permission.check as unknown as (wc: unknown, p: string, origin: string) => boolean;
    const ask = (permission: string, url: string) => {
      let granted: boolean | null = null;
      request(null, permission, (ok) => void (granted = ok), { requestingUrl: url });
      return granted;
    };
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midiSysex', 'unknown']) {
      expect(ask(permission, 'holdfast-app://app/index.html')).toBe(false);
      expect(check(null, permission, 'holdfast-app://app')).toBe(false);
    }
    expect(ask('clipboard-sanitized-write', 'holdfast-app://app/index.html')).toBe(true);
    expect(ask('fullscreen', 'holdfast-app://app/index.html')).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'holdfast-app://app')).toBe(true);
    expect(check(null, 'fullscreen', 'https://evil.example')).toBe(false);
  });
});

describe('menu', () => {
  const actions = { openLibrary: () => undefined, about: () => undefined, quit: () => undefined };
  const labelsOf = (items: { label?: string; submenu?: unknown }[]): string[] =>
    items.flatMap((item) => [item.label ?? '', ...(Array.isArray(item.submenu) ? labelsOf(item.submenu) : [])]).filter(Boolean);

  it('picks the language from the setting, else the system locale', () => {
    expect(pickLanguage('en', 'zh-CN')).toBe('en');
    expect(pickLanguage('zh-CN', 'en-US')).toBe('zh-CN');
    expect(pickLanguage('auto', 'zh-TW')).toBe('zh-CN');
    expect(pickLanguage('auto', 'zh')).toBe('zh-CN');
    expect(pickLanguage('auto', 'de-DE')).toBe('en');
  });

  it('has File, View and Help in English and Simplified Chinese', () => {
    const en = labelsOf(buildMenuTemplate({ language: 'en', isDev: false, isMac: false, actions }) as never);
    expect(en).toEqual(expect.arrayContaining(['File', 'Open Library Folder…', 'Quit Holdfast', 'View', 'Help', 'About Holdfast']));
    const zh = labelsOf(buildMenuTemplate({ language: 'zh-CN', isDev: false, isMac: false, actions }) as never);
    expect(zh).toEqual(expect.arrayContaining(['文件', '打开藏品库文件夹…', '退出 Holdfast', '视图', '帮助', '关于 Holdfast']));
  });

  it('offers reload and devtools only in development', () => {
    const roles = (isDev: boolean) => JSON.stringify(buildMenuTemplate({ language: 'en', isDev, isMac: false, actions }));
    expect(roles(false)).not.toMatch(/toggleDevTools|"reload"/);
    expect(roles(true)).toMatch(/toggleDevTools/);
    expect(roles(true)).toMatch(/"reload"/);
  });
});

describe('sign-in window', () => {
  function openSignIn() {
    const partitions: string[] = [];
    const handlers: { request?: (...a: never[]) => void; check?: (...a: never[]) => boolean } = {};
    const win = openSignInWindow({
      BrowserWindow: FakeBrowserWindow as never,
      fromPartition: (partition) => {
        partitions.push(partition);
        return {
          setPermissionRequestHandler: (h) => void (handlers.request = h as never),
          setPermissionCheckHandler: (h) => void (handlers.check = h as never),
        };
      },
      accountId: 'jd-42',
      startUrl: 'https://passport.example.com/login?next=/',
      origins: ['https://passport.example.com', 'https://m.example.com/any/path'],
    }) as unknown as FakeBrowserWindow;
    return { win, partitions, handlers };
  }

  it('uses its own persistent partition, no preload, sandbox and no Node', () => {
    const { win, partitions } = openSignIn();
    expect(partitions).toEqual(['persist:account-jd-42']);
    expect(win.options.webPreferences).toMatchObject({ partition: 'persist:account-jd-42', sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(win.options.webPreferences).not.toHaveProperty('preload');
    expect(win.loaded).toEqual(['https://passport.example.com/login?next=/']);
  });

  it('navigates only among the allowed origins and opens nothing outside', () => {
    const { win } = openSignIn();
    expect(win.webContents.attempt('will-navigate', 'https://m.example.com/home')).toBe(false);
    expect(win.webContents.attempt('will-redirect', 'https://passport.example.com/sso')).toBe(false);
    expect(win.webContents.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win.webContents.attempt('will-navigate', 'http://passport.example.com/')).toBe(true);
    expect(win.webContents.attempt('will-navigate', 'holdfast-app://app/index.html')).toBe(true);
    expect(win.webContents.windowOpenHandler!({ url: 'https://m.example.com/popup' })).toEqual({ action: 'deny' });
    expect(standIn.electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('denies every permission', () => {
    const { handlers } = openSignIn();
    let granted: boolean | null = null;
    (handlers.request as unknown as (wc: unknown, p: string, cb: (ok: boolean) => void) => void)(null, 'media', (ok) => void (granted = ok));
    expect(granted).toBe(false);
    expect((handlers.check as unknown as () => boolean)()).toBe(false);
  });

  it('refuses bad account ids, plain-http origins and a start page elsewhere', () => {
    expect(() => accountPartition('../x')).toThrow();
    expect(() => accountPartition('')).toThrow();
    const base = { BrowserWindow: FakeBrowserWindow as never, fromPartition: () => ({ setPermissionRequestHandler() {}, setPermissionCheckHandler() {} }), accountId: 'a' };
    expect(() => openSignInWindow({ ...base, startUrl: 'http://example.com/', origins: ['http://example.com'] })).toThrow(/https/);
    expect(() => openSignInWindow({ ...base, startUrl: 'https://evil.example/', origins: ['https://example.com'] })).toThrow(/allowed origin/);
  });
});
