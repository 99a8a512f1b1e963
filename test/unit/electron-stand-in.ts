// A stand-in for the `electron` module (the runtime can't be installed on CI machines without
// network). It records what the shell asks of Electron, so tests can assert the wiring:
// scheme privileges, protocol handlers, IPC handlers, window options, event handlers, menus,
// permission handlers and what the preload exposes. Used with
//   vi.mock('electron', async () => (await import('./electron-stand-in.js')).electronModule)
import { EventEmitter } from 'node:events';
import type { IpcMainInvokeEvent } from 'electron';
import { vi } from 'vitest';

type Fn = (...args: never[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: [string, ...unknown[]][] = [];
  destroyed = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Emits a navigation-like event and reports whether a listener called preventDefault. */
  attempt(eventName: string, url: string): boolean {
    let prevented = false;
    const event = { url, preventDefault: () => void (prevented = true) };
    this.emit(eventName, event, url);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  shown = false;
  maximized = false;
  destroyed = false;
  bounds = { x: 40, y: 30, width: 1100, height: 760 };
  constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}

function createStandIn() {
  const order: string[] = [];
  const appEvents = new Map<string, Fn[]>();
  const protocolHandlers = new Map<string, (request: unknown) => Promise<Response>>();
  const ipcHandlers = new Map<string, (...args: unknown[]) => unknown>();
  const exposed = new Map<string, unknown>();
  const rendererListeners = new Map<string, Set<Fn>>();
  const privileged: unknown[][] = [];
  const permission: { request: Fn | null; check: Fn | null } = { request: null, check: null };
  const menu: { template: unknown[] | null } = { template: null };
  const state = { locale: 'en-US', singleInstance: true, backend: 'gnome_libsecret' as string, encryption: true };

  const app = {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => state.singleInstance),
    quit: vi.fn(),
    exit: vi.fn(),
    on: vi.fn((name: string, listener: Fn) => {
      appEvents.set(name, [...(appEvents.get(name) ?? []), listener]);
      return app;
    }),
    whenReady: vi.fn(async () => {
      order.push('whenReady');
    }),
    getLocale: () => state.locale,
    getVersion: () => '0.0.0-test',
  };

  const XOR = 0x5a;
  const safeStorage = {
    isEncryptionAvailable: vi.fn(() => state.encryption),
    getSelectedStorageBackend: vi.fn(() => state.backend),
    encryptString: vi.fn((plain: string) => Buffer.from(Buffer.from(`v1:${plain}`, 'utf8').map((b) => b ^ XOR))),
    decryptString: vi.fn((cipher: Buffer) => {
      const plain = Buffer.from(cipher.map((b) => b ^ XOR)).toString('utf8');
      if (!plain.startsWith('v1:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return plain.slice(3);
    }),
  };

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => {
        order.push('registerSchemesAsPrivileged');
        privileged.push(schemes);
      }),
      handle: vi.fn((scheme: string, handler: (request: unknown) => Promise<Response>) => {
        order.push(`protocol.handle:${scheme}`);
        protocolHandlers.set(scheme, handler);
      }),
    },
    ipcMain: {
      handle: vi.fn((channel: string, handler: (...args: unknown[]) => unknown) => {
        if (ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipcHandlers.set(channel, handler);
      }),
      removeHandler: vi.fn((channel: string) => void ipcHandlers.delete(channel)),
    },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => undefined),
      on: vi.fn((channel: string, listener: Fn) => {
        const set = rendererListeners.get(channel) ?? new Set();
        set.add(listener);
        rendererListeners.set(channel, set);
      }),
      off: vi.fn((channel: string, listener: Fn) => void rendererListeners.get(channel)?.delete(listener)),
    },
    webUtils: {
      // Electron gives a dropped File its path on disk; the stand-in reads it off the object.
      getPathForFile: vi.fn((file: unknown) => {
        const path = (file as { path?: unknown } | null)?.path;
        if (typeof path !== 'string') throw new TypeError('not a File');
        return path;
      }),
    },
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, api: unknown) => {
        exposed.set(key, api);
      }),
    },
    dialog: {
      showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
      showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
      showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 1, checkboxChecked: false })),
      showErrorBox: vi.fn(),
    },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
      setApplicationMenu: vi.fn((built: { template: unknown[] } | null) => {
        menu.template = built?.template ?? null;
      }),
    },
    safeStorage,
    screen: { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn((handler: Fn) => void (permission.request = handler)),
        setPermissionCheckHandler: vi.fn((handler: Fn) => void (permission.check = handler)),
      },
    },
    shell: { openExternal: vi.fn(async (_url: string) => undefined), showItemInFolder: vi.fn((_path: string) => undefined) },
  };

  return {
    electron,
    order,
    appEvents,
    protocolHandlers,
    ipcHandlers,
    exposed,
    rendererListeners,
    privileged,
    permission,
    menu,
    state,
    /** Sends an event to the preload's listeners, as the main process would. */
    pushToRenderer(channel: string, payload: unknown): void {
      for (const listener of rendererListeners.get(channel) ?? []) (listener as (...a: unknown[]) => void)({ sender: 'ipcRenderer-would-leak-here' }, payload);
    },
    emitApp(name: string, ...args: unknown[]): void {
      for (const listener of appEvents.get(name) ?? []) (listener as (...a: unknown[]) => void)(...args);
    },
    reset(): void {
      order.length = 0;
      appEvents.clear();
      protocolHandlers.clear();
      ipcHandlers.clear();
      exposed.clear();
      rendererListeners.clear();
      privileged.length = 0;
      permission.request = permission.check = null;
      menu.template = null;
      Object.assign(state, { locale: 'en-US', singleInstance: true, backend: 'gnome_libsecret', encryption: true });
      FakeBrowserWindow.instances.length = 0;
      vi.clearAllMocks();
    },
  };
}

export const standIn = createStandIn();

/** What `import ... from 'electron'` gives the code under test. */
export const electronModule = { default: standIn.electron, ...standIn.electron };

/** A request as Electron's protocol.handle passes it, with the URL exactly as given (a real
 *  Request would resolve `../` segments before the handler could see them). */
export function schemeRequest(url: string, init: { method?: string; headers?: Record<string, string>; initiatorOrigin?: string } = {}) {
  return {
    url,
    method: init.method ?? 'GET',
    headers: new Headers(init.headers ?? {}),
    ...(init.initiatorOrigin !== undefined ? { initiatorOrigin: init.initiatorOrigin } : {}),
  };
}

/** An IPC invoke event from a frame showing `url` (a sub-frame when `parent` is set). */
export function ipcEvent(url: string | null, options: { parent?: unknown } = {}): Pick<IpcMainInvokeEvent, 'senderFrame'> {
  return { senderFrame: url === null ? null : { url, parent: options.parent ?? null } } as unknown as Pick<IpcMainInvokeEvent, 'senderFrame'>;
}
