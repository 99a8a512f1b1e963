// Holdfast's Electron main process: a thin shell around the same backend the CLI and the HTTP
// shell use. Everything here is wiring (schemes, window, IPC from the API table, settings,
// menu); all behaviour lives in main/core and main/api.
//
// `createMainProcess(deps)` does the work and takes Electron as a parameter, so tests drive it
// with a stand-in. The only side effect of importing this module is the guarded `bootstrap()`
// at the bottom, which runs only inside Electron's main process.
import electron from 'electron';
import type { App, BrowserWindow, BrowserWindowConstructorOptions, Dialog, IpcMain, Menu, Protocol, Screen, Session, Shell } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBackend as openRealBackend, type Backend } from '../api/backend.js';
import { setDefaultRenderer3D } from '../core/previews/render3d/renderer.js';
import { useAccountSecrets } from '../core/secrets/account-secrets.js';
import { HOLDFAST_VERSION } from '../core/version.js';
import { APP_ENTRY_URL, EVENT_CHANNEL } from './channels.js';
import { forwardEvents, registerIpc } from './ipc.js';
import { chooseLibraryDir, type LibraryDirSource } from './library-dir.js';
import { buildMenuTemplate, menuLabels, pickLanguage, type MenuLanguage } from './menu.js';
import { installPlatformServices, type PlatformSignInDeps } from './platform-signin.js';
import { electronRenderer3DSource, type RenderSession } from './renderer-3d.js';
import { handleSchemes, registerPrivilegedSchemes } from './protocols.js';
import { createSecretStore, safeStorageAccountSecrets, type SafeStorageLike, type SecretStore } from './secrets.js';
import { memorySettingsStore, openSettingsStore, Settings, type SettingsBackingStore } from './settings.js';
import { createMainWindow, hardenSession } from './window.js';

/** The parts of the `electron` module the shell uses. */
export interface ElectronMain {
  app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'exit' | 'on' | 'whenReady' | 'getLocale' | 'getVersion'>;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox' | 'showErrorBox'>;
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  Menu: Pick<typeof Menu, 'buildFromTemplate' | 'setApplicationMenu'>;
  protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  safeStorage: SafeStorageLike;
  screen: Pick<Screen, 'getAllDisplays'>;
  session: {
    readonly defaultSession: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
    /** Sessions of their own: sign-in windows (custodial platforms), the 3D render window. */
    fromPartition?: (partition: string) => ReturnType<PlatformSignInDeps['fromPartition']> & RenderSession;
  };
  shell: Pick<Shell, 'openExternal' | 'showItemInFolder'>;
}

export interface MainDeps {
  electron: ElectronMain;
  paths: { rendererDir: string; preloadPath: string; icon?: string };
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Development build: devtools and reload in the menu. */
  isDev: boolean;
  openSettingsStore(): Promise<SettingsBackingStore>;
  openBackend?(libraryDir: string): Backend;
  /** Accept Linux's unprotected `basic_text` safeStorage backend for secrets. */
  allowPlainTextSecrets?: boolean;
  log?: Pick<Console, 'error' | 'warn'>;
}

export interface MainProcess {
  /** Registers the schemes and app events now (before ready), then, once Electron is ready,
   *  opens the library, the IPC channel, the menu and the window. Resolves false when another
   *  instance already runs (this one then quits). */
  start(): Promise<boolean>;
  readonly backend: Backend | null;
  readonly window: BrowserWindow | null;
  readonly settings: Settings | null;
  readonly secrets: SecretStore | null;
  readonly language: MenuLanguage;
  /** Switches to the library in `dir` (creating it if new and empty); false if it can't be opened. */
  switchLibrary(dir: string): Promise<boolean>;
  /** Closes the backend and removes the IPC channel. */
  shutdown(): Promise<void>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createMainProcess(deps: MainDeps): MainProcess {
  const { app, dialog, ipcMain, Menu, protocol, shell } = deps.electron;
  const log = deps.log ?? console;
  const open = deps.openBackend ?? ((dir: string) => openRealBackend(dir, 'electron'));

  let backend: Backend | null = null;
  let window: BrowserWindow | null = null;
  let settings: Settings | null = null;
  let secrets: SecretStore | null = null;
  let language: MenuLanguage = 'en';
  let stopEvents: (() => void) | null = null;
  let removeIpc: (() => void) | null = null;
  let renderer3d: ReturnType<typeof electronRenderer3DSource> | null = null;

  const labels = () => menuLabels(language);
  const liveWindow = () => (window && !window.isDestroyed() ? window : null);

  function useBackend(next: Backend): Backend | null {
    const previous = backend;
    stopEvents?.();
    backend = next;
    // `files.reveal` shows a library file in the system's file manager.
    next.ctx.revealFile = (path) => shell.showItemInFolder(path);
    // Provenance bundles: the system's save and open dialogs; Settings' "Change folder…".
    next.ctx.choosePath = (purpose, suggestedName) => chooseBundlePath(purpose, suggestedName);
    next.ctx.chooseLibrary = async () => {
      const dir = await chooseFolder();
      return dir ? switchLibrary(dir) : false;
    };
    stopEvents = forwardEvents(next, () => {
      const w = liveWindow();
      return w ? [w] : [];
    });
    // A sync that the last run of the app left midway (quit, crash, power cut) continues now.
    next.ctx.sync.resumeInterrupted();
    return previous;
  }

  function tryOpen(dir: string): { backend: Backend } | { error: string } {
    try {
      return { backend: open(dir) };
    } catch (error) {
      return { error: messageOf(error) };
    }
  }

  async function chooseFolder(): Promise<string | null> {
    const options = {
      title: labels().chooseTitle,
      properties: ['openDirectory', 'createDirectory', 'promptToCreate'] as ('openDirectory' | 'createDirectory' | 'promptToCreate')[],
    };
    const w = liveWindow();
    const result = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  async function chooseBundlePath(purpose: 'save' | 'open', suggestedName: string): Promise<string | null> {
    const filters = [{ name: 'Holdfast bundle (zip)', extensions: ['zip'] }];
    const w = liveWindow();
    if (purpose === 'save') {
      const options = { defaultPath: suggestedName, filters };
      const result = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    }
    const options = { filters, properties: ['openFile'] as 'openFile'[] };
    const result = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  async function switchLibrary(dir: string): Promise<boolean> {
    if (backend && resolve(dir) === backend.ctx.library.dir) return true;
    const opened = tryOpen(dir);
    if ('error' in opened) {
      await dialog.showMessageBox({ type: 'error', title: 'Holdfast', message: opened.error });
      return false;
    }
    const previous = useBackend(opened.backend);
    if (settings) settings.libraryDir = opened.backend.ctx.library.dir;
    if (previous && previous !== opened.backend) await previous.close().catch((error: unknown) => log.error(`holdfast: closing the previous library failed: ${messageOf(error)}`));
    const w = liveWindow();
    if (w) {
      w.webContents.send(EVENT_CHANNEL, { type: 'library.changed' });
      // Start from the library's front page: ids in the current route belong to the old library.
      w.loadURL(APP_ENTRY_URL).catch(() => undefined);
    }
    return true;
  }

  /** Opens the library the user asked for; if that fails, explains and lets them pick another
   *  folder. False when they give up. */
  async function openInitialLibrary(): Promise<boolean> {
    const choice: { dir: string; source: LibraryDirSource } = chooseLibraryDir({
      argv: deps.argv,
      env: deps.env,
      saved: settings?.libraryDir ?? null,
      platform: deps.platform,
    });
    let dir: string | null = choice.dir;
    for (;;) {
      const opened = tryOpen(dir);
      if ('backend' in opened) {
        useBackend(opened.backend);
        // A folder picked in this dialog is remembered; --library and HOLDFAST_LIBRARY stay one-off.
        if (settings && dir !== choice.dir) settings.libraryDir = opened.backend.ctx.library.dir;
        return true;
      }
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: 'Holdfast',
        message: opened.error,
        buttons: [labels().chooseAnother, labels().quit],
        defaultId: 0,
        cancelId: 1,
      });
      if (response !== 0) return false;
      dir = await chooseFolder();
      if (!dir) return false;
    }
  }

  function about(): void {
    const detail = [
      `Version ${HOLDFAST_VERSION}`,
      backend ? `Library: ${backend.ctx.library.dir}` : null,
      `Electron ${process.versions.electron ?? '?'} · Chromium ${process.versions.chrome ?? '?'} · Node ${process.versions.node}`,
    ]
      .filter(Boolean)
      .join('\n');
    void dialog.showMessageBox({ type: 'info', title: labels().about, message: 'Holdfast', detail });
  }

  function installMenu(): void {
    const template = buildMenuTemplate({
      language,
      isDev: deps.isDev,
      isMac: deps.platform === 'darwin',
      actions: {
        openLibrary: () => {
          void chooseFolder().then((dir) => (dir ? switchLibrary(dir) : false));
        },
        about,
        quit: () => app.quit(),
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  function openWindow(): BrowserWindow {
    const created = createMainWindow({
      BrowserWindow: deps.electron.BrowserWindow,
      shell,
      screen: deps.electron.screen,
      preloadPath: deps.paths.preloadPath,
      isDev: deps.isDev,
      bounds: settings?.windowBounds ?? null,
      saveBounds: (bounds) => {
        if (settings) settings.windowBounds = bounds;
      },
      ...(deps.paths.icon ? { icon: deps.paths.icon } : {}),
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    window = created;
    return created;
  }

  async function shutdown(): Promise<void> {
    stopEvents?.();
    stopEvents = null;
    removeIpc?.();
    removeIpc = null;
    const closing = backend;
    backend = null;
    await closing?.close();
    setDefaultRenderer3D(null);
    await renderer3d?.close();
    renderer3d = null;
  }

  async function whenReady(): Promise<void> {
    try {
      settings = new Settings(await deps.openSettingsStore());
    } catch (error) {
      log.warn(`holdfast: settings could not be opened, using defaults for this session: ${messageOf(error)}`);
      settings = new Settings(memorySettingsStore());
    }
    language = pickLanguage(settings.language, app.getLocale());
    secrets = createSecretStore({
      safeStorage: deps.electron.safeStorage,
      store: settings.store,
      platform: deps.platform,
      allowPlainTextBackend: deps.allowPlainTextSecrets === true,
    });
    // Account secrets (custom RPC URLs) live in safeStorage here, set before any library opens
    // (opening moves a library's old plain RPC URLs into it).
    useAccountSecrets(safeStorageAccountSecrets(secrets));
    const fromPartition = deps.electron.session.fromPartition;
    if (fromPartition) installPlatformServices({ BrowserWindow: deps.electron.BrowserWindow, fromPartition, secrets, parent: liveWindow });
    // 3D thumbnails render in a hidden offscreen window of Electron's own Chromium (no system
    // Chromium needed); the core's preview runs take it as their default renderer.
    if (fromPartition) {
      renderer3d = electronRenderer3DSource({ BrowserWindow: deps.electron.BrowserWindow, fromPartition, chromeVersion: process.versions.chrome });
      setDefaultRenderer3D(renderer3d);
    }

    hardenSession(deps.electron.session.defaultSession);
    handleSchemes(protocol, { rendererDir: deps.paths.rendererDir, getLibrary: () => backend?.ctx.library ?? null });
    removeIpc = registerIpc(ipcMain, () => backend);
    installMenu();

    if (!(await openInitialLibrary())) {
      app.quit();
      return;
    }
    openWindow();
  }

  return {
    get backend() {
      return backend;
    },
    get window() {
      return liveWindow();
    },
    get settings() {
      return settings;
    },
    get secrets() {
      return secrets;
    },
    get language() {
      return language;
    },
    switchLibrary,
    shutdown,
    async start() {
      // Before ready: Electron reads scheme privileges once, at startup.
      registerPrivilegedSchemes(protocol);
      if (!app.requestSingleInstanceLock()) {
        app.quit();
        return false;
      }
      app.on('second-instance', () => {
        const w = liveWindow();
        if (!w) return;
        if (w.isMinimized()) w.restore();
        w.focus();
      });
      // Every web contents (including any a future feature creates) gets the baseline rules:
      // no webviews, no new windows. The main window adds its navigation lock on top.
      app.on('web-contents-created', (_event, contents) => {
        contents.setWindowOpenHandler(() => ({ action: 'deny' }));
        contents.on('will-attach-webview', (event) => event.preventDefault());
      });
      app.on('window-all-closed', () => {
        if (deps.platform !== 'darwin') app.quit();
      });
      app.on('activate', () => {
        if (!liveWindow() && backend) openWindow();
      });
      let closed = false;
      let closing = false;
      app.on('will-quit', (event) => {
        if (closed) return;
        event.preventDefault();
        if (closing) return;
        closing = true;
        shutdown()
          .catch((error: unknown) => log.error(`holdfast: closing the library failed: ${messageOf(error)}`))
          .finally(() => {
            closed = true;
            app.quit();
          });
      });

      await app.whenReady();
      await whenReady();
      return true;
    },
  };
}

function bootstrap(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const { app, dialog } = electron;
  const main = createMainProcess({
    electron: electron as unknown as ElectronMain,
    paths: {
      rendererDir: join(here, '..', 'renderer'),
      preloadPath: join(here, '..', 'preload', 'preload.cjs'),
      icon: join(here, '..', '..', 'assets', 'icons', '512x512.png'),
    },
    argv: process.argv,
    env: process.env,
    platform: process.platform,
    isDev: !app.isPackaged,
    openSettingsStore: () => openSettingsStore(),
  });
  main.start().catch((error: unknown) => {
    const message = messageOf(error);
    console.error(`holdfast: the desktop app could not start: ${message}`);
    try {
      dialog.showErrorBox('Holdfast', `Holdfast could not start: ${message}`);
    } finally {
      app.exit(1);
    }
  });
}

// The single side effect: only in Electron's main process, never when tests import the module.
if (typeof process.versions.electron === 'string' && (process as { type?: string }).type === 'browser') bootstrap();
