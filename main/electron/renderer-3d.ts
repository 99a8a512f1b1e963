// 3D thumbnails in the desktop app, without the system's Chromium: a hidden offscreen
// BrowserWindow of Electron's own Chromium loads the same three.js render page the CLI drives
// in headless Chromium (core/previews/render3d/render-page.ts) and hands back the canvas as a
// PNG data URL. Installed as the process's default renderer (setDefaultRenderer3D), so the core
// preview pipeline uses it without importing Electron.
//
// The window is locked down like every Holdfast window (sandbox, context isolation, no Node, no
// preload) and lives in its own in-memory session. In that session every http(s) request is
// answered here: the render page's private origin from memory and node_modules/three, anything
// else 404 — so nothing reaches the network, and no other session (the app's, sign-in windows')
// sees the handler. It may not navigate anywhere, open windows, or ask for permissions.
import { createHash } from 'node:crypto';
import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';
import { MODEL_PREFIX, RENDER_ORIGIN, VIDEO_PREFIX, renderPageResponse } from '../core/previews/render3d/render-page.js';
import {
  RendererUnavailable,
  RenderTimeout,
  withTimeout,
  type Renderer3D,
  type Renderer3DLease,
  type Renderer3DSource,
  type RenderRequest,
} from '../core/previews/render3d/renderer.js';
import { guardNavigation, lockedDownWebPreferences } from './window.js';

/** Not `persist:`: the render window keeps nothing on disk. */
export const RENDER_PARTITION = 'holdfast-render3d';
const RENDER_TIMEOUT_MS = 60_000;
const WINDOW_SIZE = 768;
const PAGE_URL = `${RENDER_ORIGIN}/index.html`;

export type RenderSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  protocol: Pick<Session['protocol'], 'handle'>;
};

export interface ElectronRendererDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  fromPartition(partition: string): RenderSession;
  /** Electron's Chromium version, for the name recorded on each rendered thumbnail. */
  chromeVersion?: string;
}

/** The options of the render window: hidden, offscreen, and as locked down as the app's own. */
export function renderWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: WINDOW_SIZE,
    height: WINDOW_SIZE,
    useContentSize: true,
    frame: false,
    skipTaskbar: true,
    focusable: false,
    paintWhenInitiallyHidden: true,
    webPreferences: {
      ...lockedDownWebPreferences(false),
      partition: RENDER_PARTITION,
      offscreen: true,
      // Rendering goes on while the window is hidden.
      backgroundThrottling: false,
      webgl: true,
    },
  };
}

/** The page's Content-Security-Policy: its own origin only; its two inline scripts (the import
 *  map and the module) allowed by hash; blob:/data: for the textures and decoder workers three.js
 *  makes; WebAssembly for the Draco and meshopt decoders. */
export function renderPageCsp(html: string): string {
  const hashes = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
  return [
    "default-src 'none'",
    `script-src 'self' ${hashes.join(' ')} 'wasm-unsafe-eval'`,
    "worker-src 'self' blob:",
    "connect-src 'self' blob: data:",
    "img-src 'self' blob: data:",
    "media-src 'self' blob:",
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Answers every http(s) request of the render session: the render page and what it loads from
 *  its private origin, 404 for anything else. */
export function createRenderRequestHandler(files: ReadonlyMap<string, Uint8Array>): (request: { url: string; method: string }) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return new Response('not part of the render page', { status: 404 });
    }
    if (url.origin !== RENDER_ORIGIN || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return new Response('not part of the render page', { status: 404 });
    }
    const answer = await renderPageResponse(url.pathname, files);
    if (!answer) return new Response('not part of the render page', { status: 404 });
    const headers: Record<string, string> = { 'Content-Type': answer.contentType, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    if (answer.contentType === 'text/html') headers['Content-Security-Policy'] = renderPageCsp(answer.body.toString('utf8'));
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(answer.body), { status: answer.status, headers });
  };
}

type Evaluated = { ok: true; png: string } | { ok: false; message: string };

// What the render session serves, per session: set up once (a scheme can be handled only once
// per session), shared by every renderer made on it.
const sessionFiles = new WeakMap<RenderSession, Map<string, Uint8Array>>();

/** The render session, set up on first use: every http(s) request answered here, no permissions. */
export function prepareRenderSession(session: RenderSession): Map<string, Uint8Array> {
  let files = sessionFiles.get(session);
  if (files) return files;
  files = new Map();
  const handler = createRenderRequestHandler(files) as unknown as Parameters<Session['protocol']['handle']>[1];
  session.protocol.handle('http', handler);
  session.protocol.handle('https', handler);
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  sessionFiles.set(session, files);
  return files;
}

export class ElectronRenderer3D implements Renderer3D {
  readonly name: string;
  private files: Map<string, Uint8Array> | null = null;
  private window: Promise<BrowserWindow> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private counter = 0;

  constructor(private readonly deps: ElectronRendererDeps) {
    this.name = `electron (Chromium ${deps.chromeVersion ?? 'unknown'}, offscreen window)`;
  }

  private openWindow(): Promise<BrowserWindow> {
    this.window ??= (async () => {
      this.files ??= prepareRenderSession(this.deps.fromPartition(RENDER_PARTITION));
      const win = new this.deps.BrowserWindow(renderWindowOptions());
      // Stays on the render page: no navigation, no redirects elsewhere, no new windows.
      guardNavigation(win.webContents, { openExternal: async () => undefined }, (url) => url === PAGE_URL);
      try {
        await win.loadURL(PAGE_URL);
        const ready = await withTimeout(win.webContents.executeJavaScript('window.renderReady === true', true) as Promise<boolean>, RENDER_TIMEOUT_MS);
        if (!ready) throw new Error('the render page did not start');
      } catch (error) {
        if (!win.isDestroyed()) win.destroy();
        this.window = null;
        throw new RendererUnavailable(`the 3D render window did not start: ${error instanceof Error ? error.message : String(error)}`);
      }
      win.on('closed', () => {
        this.window = null;
      });
      return win;
    })();
    return this.window;
  }

  /** Runs one call of the page (`renderModel` or `videoFrame`) on the bytes, one at a time. */
  private run(file: Uint8Array, kind: 'model' | 'video', size: number, signal?: AbortSignal): Promise<Buffer> {
    const job = this.queue.then(async () => {
      signal?.throwIfAborted();
      const win = await this.openWindow();
      const files = this.files!;
      const id = `${++this.counter}${kind === 'model' ? '.glb' : ''}`;
      const key = kind === 'model' ? id : `video/${id}`;
      const path = `${kind === 'model' ? MODEL_PREFIX : VIDEO_PREFIX}${id}`;
      files.set(key, file);
      try {
        const call = kind === 'model' ? `(await window.renderModel(${JSON.stringify(path)}, ${size})).png` : `await window.videoFrame(${JSON.stringify(path)}, ${size})`;
        const script = `(async () => { try { return { ok: true, png: ${call} }; } catch (e) { return { ok: false, message: String(e && e.message || e) }; } })()`;
        const result = (await withTimeout(win.webContents.executeJavaScript(script, true) as Promise<Evaluated>, RENDER_TIMEOUT_MS, signal)) ?? {
          ok: false,
          message: 'no answer from the render page',
        };
        if (!result.ok) throw new Error(kind === 'model' ? `three.js could not render the model: ${result.message}` : result.message);
        if (!result.png.startsWith('data:image/png;base64,')) throw new Error('the render page answered something other than a PNG');
        return Buffer.from(result.png.slice(result.png.indexOf(',') + 1), 'base64');
      } catch (error) {
        // A window that timed out or was cancelled mid-render is not trusted for the next one.
        if (signal?.aborted || error instanceof RenderTimeout) this.dropWindow(win);
        throw error;
      } finally {
        files.delete(key);
      }
    });
    this.queue = job.catch(() => undefined);
    return job;
  }

  render(request: RenderRequest, signal?: AbortSignal): Promise<Buffer> {
    return this.run(request.glb, 'model', request.size, signal);
  }

  videoFrame(request: { video: Uint8Array; size: number }, signal?: AbortSignal): Promise<Buffer> {
    return this.run(request.video, 'video', request.size, signal);
  }

  private dropWindow(win: BrowserWindow): void {
    this.window = null;
    if (!win.isDestroyed()) win.destroy();
  }

  async close(): Promise<void> {
    const win = await this.window?.catch(() => null);
    this.window = null;
    if (win) this.dropWindow(win);
  }
}

/** A source of leases on one shared ElectronRenderer3D: its window opens on the first render
 *  and closes when the last preview run using it ends. */
export function electronRenderer3DSource(deps: ElectronRendererDeps): Renderer3DSource & { close(): Promise<void> } {
  let shared: { renderer: ElectronRenderer3D; users: number } | null = null;
  const source = async (): Promise<Renderer3DLease> => {
    shared ??= { renderer: new ElectronRenderer3D(deps), users: 0 };
    const entry = shared;
    entry.users++;
    let released = false;
    return {
      renderer: entry.renderer,
      async release() {
        if (released) return;
        released = true;
        if (--entry.users === 0) {
          if (shared === entry) shared = null;
          await entry.renderer.close();
        }
      },
    };
  };
  return Object.assign(source, {
    async close() {
      const entry = shared;
      shared = null;
      await entry?.renderer.close();
    },
  });
}
