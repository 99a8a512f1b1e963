// The desktop app's 3D renderer (main/electron/renderer-3d.ts): a hidden offscreen window in a
// session of its own, locked down, loading the same three.js render page as the CLI's Chromium.
// Electron cannot run here, so its windows are stand-ins: for pixels, a stand-in window whose
// page is a real Chromium tab answered only by the renderer's own request handler (so its
// Content-Security-Policy, its routing and the page's script are the real ones); for wiring,
// the recording stand-in. And the app installs it as the default the preview pipeline uses.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { upsertAccount, upsertPlatform } from '../../main/core/db/accounts.js';
import { attachFile, upsertItem } from '../../main/core/db/items.js';
import { previewRecords } from '../../main/core/db/previews.js';
import { makeModelGlb } from '../../main/core/demo/media/index.js';
import { Library } from '../../main/core/library.js';
import { buildPreviews } from '../../main/core/previews/build-previews.js';
import { chromiumPath } from '../../main/core/previews/render3d/chromium.js';
import { RENDER_ORIGIN } from '../../main/core/previews/render3d/render-page.js';
import { defaultRenderer3D, setDefaultRenderer3D, type Renderer3D } from '../../main/core/previews/render3d/renderer.js';
import { createMainProcess, type ElectronMain } from '../../main/electron/main.js';
import { memorySettingsStore } from '../../main/electron/settings.js';
import {
  createRenderRequestHandler,
  ElectronRenderer3D,
  electronRenderer3DSource,
  RENDER_PARTITION,
  type ElectronRendererDeps,
  type RenderSession,
} from '../../main/electron/renderer-3d.js';
import { tempDir } from '../helpers/tmp.js';
import { FakeBrowserWindow, standIn } from './electron-stand-in.js';

vi.mock('electron', async () => (await import('./electron-stand-in.js')).electronModule);

type SchemeHandler = (request: { url: string; method: string; headers: Headers }) => Promise<Response>;

/** A session as `session.fromPartition` gives it, recording its handlers (a scheme can be
 *  handled once, as in Electron). */
function fakeSession() {
  const handlers = new Map<string, SchemeHandler>();
  const permission: { request: ((...a: unknown[]) => void) | null; check: ((...a: unknown[]) => boolean) | null } = { request: null, check: null };
  const session = {
    protocol: {
      handle: vi.fn((scheme: string, handler: SchemeHandler) => {
        if (handlers.has(scheme)) throw new Error(`The scheme has been registered: ${scheme}`);
        handlers.set(scheme, handler);
      }),
    },
    setPermissionRequestHandler: vi.fn((h: (...a: unknown[]) => void) => void (permission.request = h)),
    setPermissionCheckHandler: vi.fn((h: (...a: unknown[]) => boolean) => void (permission.check = h)),
  };
  return { session: session as unknown as RenderSession, handlers, permission, fromPartition: vi.fn((_partition: string) => session as unknown as RenderSession) };
}

let browser: Browser | null = null;
const pageProblems: string[] = [];

/** A BrowserWindow whose web contents are a real Chromium tab; every request of the tab goes to
 *  the session's http/https handlers, as Electron's protocol.handle would route them. */
function chromiumWindowClass(handlers: Map<string, SchemeHandler>) {
  return class ChromiumWindow extends FakeBrowserWindow {
    private context: BrowserContext | null = null;
    private page: Page | null = null;
    constructor(options: ConstructorParameters<typeof FakeBrowserWindow>[0]) {
      super(options);
      Object.assign(this.webContents, {
        executeJavaScript: async (code: string) => {
          if (!this.page) throw new Error('nothing loaded');
          return this.page.evaluate(code);
        },
      });
    }
    override async loadURL(url: string): Promise<void> {
      await super.loadURL(url);
      this.context = await browser!.newContext({ viewport: { width: 768, height: 768 } });
      await this.context.route('**/*', async (route) => {
        const request = route.request();
        const handler = handlers.get(new URL(request.url()).protocol.slice(0, -1));
        if (!handler) return route.abort();
        const res = await handler({ url: request.url(), method: request.method(), headers: new Headers() });
        await route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) });
      });
      this.page = await this.context.newPage();
      this.page.on('pageerror', (e) => pageProblems.push(e.message));
      this.page.on('console', (m) => /Content.Security.Policy|Refused to/i.test(m.text()) && pageProblems.push(m.text()));
      await this.page.goto(url);
    }
    destroy(): void {
      this.destroyed = true;
      void this.context?.close();
    }
  };
}

beforeAll(async () => {
  const executable = chromiumPath();
  if (!executable) return;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({
    executablePath: executable,
    args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
});

afterEach(() => {
  setDefaultRenderer3D(null);
  FakeBrowserWindow.instances.length = 0;
  pageProblems.length = 0;
});

describe('ElectronRenderer3D', () => {
  it('renders a model in a hidden, offscreen, locked-down window of its own session, through the render page only', async (ctx) => {
    if (!browser) ctx.skip();
    const fake = fakeSession();
    const source = electronRenderer3DSource({ BrowserWindow: chromiumWindowClass(fake.handlers) as unknown as ElectronRendererDeps['BrowserWindow'], fromPartition: fake.fromPartition, chromeVersion: '140-test' });
    const lease = await source();
    expect(lease.renderer.name).toBe('electron (Chromium 140-test, offscreen window)');
    const glb = await makeModelGlb('vase', { seed: 7, title: 'vase' });
    const png = await lease.renderer.render({ glb, size: 256 });

    // Pixels: a 256 px PNG with a lit model on it, not a blank canvas.
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 256, 256]);
    const stats = await sharp(png).stats();
    expect(stats.channels.slice(0, 3).reduce((n, c) => n + c.stdev, 0) / 3).toBeGreaterThan(8);
    expect(pageProblems).toEqual([]); // no CSP refusals, no page errors

    // The window: hidden, offscreen, sandboxed, isolated, no Node, no preload, its own session.
    expect(fake.fromPartition).toHaveBeenCalledWith(RENDER_PARTITION);
    expect(RENDER_PARTITION.startsWith('persist:')).toBe(false);
    const [win] = FakeBrowserWindow.instances;
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(win!.options).toMatchObject({ show: false, webPreferences: { offscreen: true, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, partition: RENDER_PARTITION } });
    expect(win!.options.webPreferences).not.toHaveProperty('preload');
    expect(win!.loaded).toEqual([`${RENDER_ORIGIN}/index.html`]);

    // A second render reuses the window; releasing the last lease closes it.
    await lease.renderer.render({ glb, size: 128 });
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    await lease.release();
    expect(win!.destroyed).toBe(true);

    // A later run opens a new window on the same session (its handlers are set up once).
    const again = await source();
    expect((await sharp(await again.renderer.render({ glb, size: 64 })).metadata()).width).toBe(64);
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    expect(fake.session.protocol.handle).toHaveBeenCalledTimes(2); // http and https, once
    await again.release();
  }, 120_000);

  it('answers only the render page, grants no permission, and never navigates or opens windows', async () => {
    const handler = createRenderRequestHandler(new Map([['1.glb', new Uint8Array([1, 2, 3])]]));
    const get = (url: string, method = 'GET') => handler({ url, method });
    for (const url of ['https://example.com/', 'http://example.com/index.html', `${RENDER_ORIGIN}/three/../../package.json`, `${RENDER_ORIGIN}/model/2.glb`, `${RENDER_ORIGIN}/three/build/nope.txt`]) {
      expect((await get(url)).status, url).toBe(404);
    }
    expect((await get(`${RENDER_ORIGIN}/index.html`, 'POST')).status).toBe(404);
    expect(new Uint8Array(await (await get(`${RENDER_ORIGIN}/model/1.glb`)).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect((await get(`${RENDER_ORIGIN}/three/build/three.module.js`)).headers.get('content-type')).toBe('text/javascript');
    const csp = (await get(`${RENDER_ORIGIN}/index.html`)).headers.get('content-security-policy')!;
    expect(csp).toMatch(/^default-src 'none'; script-src 'self' 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval';/);
    expect(csp).not.toContain("'unsafe-inline' 'wasm");
    expect(csp).not.toContain("'unsafe-eval'");

    // The wiring, against the recording stand-in: a page that answers like the render page.
    const fake = fakeSession();
    class ScriptedWindow extends FakeBrowserWindow {
      answers: unknown[] = [true, { ok: true, png: 'data:image/png;base64,iVBORw0KGgo=' }, { ok: true, png: 'data:text/html;base64,PGgxPg==' }, { ok: false, message: 'boom' }];
      constructor(options: ConstructorParameters<typeof FakeBrowserWindow>[0]) {
        super(options);
        Object.assign(this.webContents, { executeJavaScript: async () => this.answers.shift() });
      }
      destroy(): void {
        this.destroyed = true;
      }
    }
    const renderer = new ElectronRenderer3D({ BrowserWindow: ScriptedWindow as unknown as ElectronRendererDeps['BrowserWindow'], fromPartition: fake.fromPartition });
    expect((await renderer.render({ glb: new Uint8Array(4), size: 32 })).subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await expect(renderer.render({ glb: new Uint8Array(4), size: 32 })).rejects.toThrow('something other than a PNG');
    await expect(renderer.render({ glb: new Uint8Array(4), size: 32 })).rejects.toThrow('three.js could not render the model: boom');
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.webContents.attempt('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win.webContents.attempt('will-navigate', 'holdfast-app://app/index.html')).toBe(true);
    expect(win.webContents.attempt('will-redirect', 'http://render.holdfast.invalid.evil.example/')).toBe(true);
    expect(win.webContents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    let granted: boolean | null = null;
    fake.permission.request!(null, 'media', (ok: boolean) => void (granted = ok), {});
    expect(granted).toBe(false);
    expect(fake.permission.check!(null, 'clipboard-sanitized-write', RENDER_ORIGIN)).toBe(false);
    await renderer.close();
    expect(win.destroyed).toBe(true);
  });
});

describe('in the desktop app', () => {
  it('the main process installs it as the default renderer at start and removes it at shutdown', async () => {
    standIn.reset();
    const root = tempDir();
    const fake = fakeSession();
    const session = standIn.electron.session as typeof standIn.electron.session & { fromPartition?: unknown };
    session.fromPartition = Object.assign(fake.fromPartition, {});
    try {
      const main = createMainProcess({
        electron: standIn.electron as unknown as ElectronMain,
        paths: { rendererDir: join(root, 'renderer'), preloadPath: join(root, 'preload.cjs') },
        argv: ['electron', 'main.js', '--library', join(root, 'library')],
        env: {},
        platform: 'linux',
        isDev: false,
        openSettingsStore: async () => memorySettingsStore(),
      });
      expect(await main.start()).toBe(true);
      expect(defaultRenderer3D()).not.toBeNull();
      expect(FakeBrowserWindow.instances).toHaveLength(1); // only the app window: the render window opens on first need
      await main.shutdown();
      expect(defaultRenderer3D()).toBeNull();
    } finally {
      delete session.fromPartition;
    }
  });

  it("the preview pipeline renders 3D thumbnails with the process's default renderer, not Chromium", async () => {
    const library = Library.open(join(tempDir(), 'library'));
    try {
      const { db } = library;
      upsertPlatform(db, { id: 'p', name: 'P', kind: 'custodial' });
      upsertAccount(db, { id: 'a', kind: 'platform', platformId: 'p', name: 'a' });
      const { id } = upsertItem(db, 'a', 'p', { externalId: '1', name: 'vase', mediaType: 'model' });
      const glb = await library.blobs.put(await makeModelGlb('vase', { seed: 3, title: 'vase' }));
      attachFile(db, id, { role: 'model', ...glb, mime: 'model/gltf-binary', fileName: 'vase.glb' });

      const drawn: number[] = [];
      const renderer: Renderer3D = {
        name: 'electron (stand-in)',
        async render({ size }) {
          drawn.push(size);
          return sharp({ create: { width: size, height: size, channels: 3, background: '#2a6' } }).composite([{ input: Buffer.from(`<svg width="${size}" height="${size}"><circle cx="${size / 2}" cy="${size / 2}" r="${size / 3}" fill="#fff"/></svg>`) }]).png().toBuffer();
        },
        async close() {},
      };
      let released = 0;
      setDefaultRenderer3D(async () => ({ renderer, release: async () => void released++ }));
      const saved = process.env.HOLDFAST_RENDER3D;
      delete process.env.HOLDFAST_RENDER3D;
      try {
        const result = await buildPreviews(library, { itemIds: [id] });
        expect(result.renderer).toBe('electron (stand-in)');
      } finally {
        if (saved !== undefined) process.env.HOLDFAST_RENDER3D = saved;
      }
      expect(drawn).toEqual([768]);
      expect(released).toBe(1);
      expect(previewRecords(db, id).find((r) => r.stage === 'thumbnail')).toMatchObject({ status: 'ok', source: 'render3d' });
    } finally {
      library.close();
    }
  });
});
