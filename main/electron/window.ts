// The main window and the rules every web page of the app lives under: isolated, sandboxed,
// no Node, no webviews, no new windows (http/https links open in the system browser), no
// navigation away from holdfast-app://app, no permissions beyond writing to the clipboard and
// going full screen from the app's own pages.
import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle, Screen, Session, Shell, WebContents, WebPreferences } from 'electron';
import { APP_ENTRY_URL, APP_ORIGIN } from './channels.js';
import { isAppUrl } from './ipc.js';
import { MIN_WINDOW, type WindowBounds } from './settings.js';

export const DEFAULT_WINDOW = { width: 1280, height: 820 } as const;

/** The locked-down settings every Holdfast window shares: the app window adds its preload, a
 *  sign-in window its own session partition (and no preload). */
export function lockedDownWebPreferences(isDev: boolean): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: isDev,
  };
}

export function secureWebPreferences(preloadPath: string, isDev: boolean): WebPreferences {
  return { preload: preloadPath, ...lockedDownWebPreferences(isDev) };
}

/** http(s) URLs may leave the app, to the system browser; nothing else does (no file:, no
 *  javascript:, no custom schemes of other apps). */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function openOutside(shell: Pick<Shell, 'openExternal'>, url: string): void {
  if (!isExternalWebUrl(url)) return;
  shell.openExternal(url).catch(() => undefined);
}

type GuardedContents = Pick<WebContents, 'setWindowOpenHandler' | 'on'>;

/** Applied to the main window (and, through `web-contents-created`, to any web contents). */
export function guardNavigation(contents: GuardedContents, shell: Pick<Shell, 'openExternal'>, isAllowed: (url: string) => boolean = isAppUrl): void {
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(shell, url);
    return { action: 'deny' };
  });
  const stay = (event: { preventDefault(): void; url?: string }, legacyUrl?: string) => {
    const url = event.url ?? legacyUrl ?? '';
    if (isAllowed(url)) return;
    event.preventDefault();
    openOutside(shell, url);
  };
  contents.on('will-navigate', stay as never);
  contents.on('will-redirect', ((event: { preventDefault(): void; url?: string }, legacyUrl?: string) => {
    const url = event.url ?? legacyUrl ?? '';
    if (!isAllowed(url)) event.preventDefault();
  }) as never);
  contents.on('will-attach-webview', ((event: { preventDefault(): void }) => event.preventDefault()) as never);
}

/** Permissions the app's own pages may have: writing (not reading) the clipboard for "copy tx
 *  hash" buttons, and full screen for the media and 3D viewers. Everything else is denied. */
export const APP_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'fullscreen']);

function isAppOrigin(url: string | undefined): boolean {
  if (!url) return false;
  return url === APP_ORIGIN || isAppUrl(url);
}

export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(APP_PERMISSIONS.has(permission) && isAppOrigin(details?.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => APP_PERMISSIONS.has(permission) && isAppOrigin(requestingOrigin));
}

/** Saved bounds are used only if their window would still be mostly on a connected display. */
export function restoreBounds(saved: WindowBounds | null, displays: readonly { workArea: Rectangle }[] | null): Partial<Rectangle> {
  if (!saved) return { ...DEFAULT_WINDOW };
  const size = { width: saved.width, height: saved.height };
  if (saved.x === undefined || saved.y === undefined || !displays) return size;
  const { x, y } = saved;
  const visible = displays.some(({ workArea: a }) => {
    const w = Math.min(x + saved.width, a.x + a.width) - Math.max(x, a.x);
    const h = Math.min(y + saved.height, a.y + a.height) - Math.max(y, a.y);
    return w >= Math.min(200, saved.width) && h >= Math.min(100, saved.height);
  });
  return visible ? { ...size, x, y } : size;
}

export interface MainWindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  shell: Pick<Shell, 'openExternal'>;
  screen?: Pick<Screen, 'getAllDisplays'>;
  preloadPath: string;
  isDev: boolean;
  bounds: WindowBounds | null;
  saveBounds(bounds: WindowBounds): void;
  icon?: string;
  title?: string;
  /** Defaults to holdfast-app://app/index.html. */
  url?: string;
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  let displays: { workArea: Rectangle }[] | null;
  try {
    displays = deps.screen?.getAllDisplays() ?? null;
  } catch {
    displays = null;
  }
  const win = new deps.BrowserWindow({
    ...restoreBounds(deps.bounds, displays),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false,
    title: deps.title ?? 'Holdfast',
    backgroundColor: '#ffffff',
    ...(deps.icon ? { icon: deps.icon } : {}),
    webPreferences: secureWebPreferences(deps.preloadPath, deps.isDev),
  });
  if (deps.bounds?.maximized) win.maximize();

  guardNavigation(win.webContents, deps.shell);

  // Remember where the window was: after moves and resizes settle, and when it closes.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    deps.saveBounds({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  };
  const saveSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('maximize', saveSoon);
  win.on('unmaximize', saveSoon);
  win.on('close', save);
  win.once('ready-to-show', () => win.show());

  win.loadURL(deps.url ?? APP_ENTRY_URL).catch((error: unknown) => {
    console.error(`holdfast: the window could not load the app: ${error instanceof Error ? error.message : String(error)}`);
  });
  return win;
}
