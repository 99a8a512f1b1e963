// Renderer3D on a headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) driven by
// playwright-core. WebGL runs on the CPU through SwiftShader, so no GPU is needed. One browser
// serves a whole preview run; each model gets a fresh page.
import { existsSync } from 'node:fs';
import type { Browser, BrowserType, Page } from 'playwright-core';
import { MODEL_PREFIX, RENDER_ORIGIN, VIDEO_PREFIX, renderPageResponse } from './render-page.js';
import { RendererUnavailable, RenderTimeout, withTimeout, type RenderRequest, type Renderer3D } from './renderer.js';

const RENDER_TIMEOUT_MS = 60_000;
const RENDER_SIZE_DEFAULT = 768;

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(
    (p): p is string => !!p,
  );
  return candidates.find((p) => existsSync(p)) ?? null;
}

export class ChromiumRenderer implements Renderer3D {
  readonly name: string;
  private constructor(
    private readonly browser: Browser,
    executable: string,
  ) {
    this.name = `chromium (${executable}, WebGL via SwiftShader)`;
  }

  /** Launches Chromium, or throws RendererUnavailable saying why it cannot. */
  static async launch(): Promise<ChromiumRenderer> {
    const executable = chromiumPath();
    if (!executable) throw new RendererUnavailable('no Chromium found for 3D rendering (install chromium or set CHROMIUM_PATH)');
    let chromium: BrowserType;
    try {
      ({ chromium } = await import('playwright-core'));
    } catch {
      throw new RendererUnavailable('playwright-core is not installed, so 3D models cannot be rendered');
    }
    try {
      const browser = await chromium.launch({
        executablePath: executable,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--use-angle=swiftshader',
          '--enable-unsafe-swiftshader',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      });
      return new ChromiumRenderer(browser, executable);
    } catch (error) {
      throw new RendererUnavailable(`Chromium did not start: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
    }
  }

  private page: Promise<Page> | null = null;
  private readonly models = new Map<string, Uint8Array>();
  private counter = 0;
  private queue: Promise<unknown> = Promise.resolve();

  /** One page for every render (its WebGL context, environment and shaders are reused). */
  private openPage(size: number): Promise<Page> {
    this.page ??= (async () => {
      const context = await this.browser.newContext({ viewport: { width: size, height: size } });
      // Every request of the page is answered here; nothing reaches the network.
      await context.route('**/*', async (route) => {
        const url = new URL(route.request().url());
        const answer = url.origin === RENDER_ORIGIN ? await renderPageResponse(url.pathname, this.models) : null;
        if (!answer) return route.fulfill({ status: 404, body: 'not part of the render page' });
        return route.fulfill({ status: answer.status, contentType: answer.contentType, body: answer.body });
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${RENDER_ORIGIN}/index.html`, { timeout: RENDER_TIMEOUT_MS });
      await page
        .waitForFunction(() => (window as unknown as { renderReady?: boolean }).renderReady === true, null, { timeout: RENDER_TIMEOUT_MS })
        .catch(() => {
          throw new Error(`the render page did not start${errors.length ? `: ${errors[0]}` : ''}`);
        });
      return page;
    })();
    return this.page;
  }

  render(request: RenderRequest, signal?: AbortSignal): Promise<Buffer> {
    // One model at a time on the shared page.
    const run = this.queue.then(() => this.renderNow(request, signal));
    this.queue = run.catch(() => {});
    return run;
  }

  private async renderNow(request: RenderRequest, signal?: AbortSignal): Promise<Buffer> {
    signal?.throwIfAborted();
    const page = await this.openPage(request.size);
    const id = `${++this.counter}.glb`;
    this.models.set(id, request.glb);
    try {
      const evaluation = page.evaluate(
        async ({ path, size }) => {
          const w = window as unknown as { renderModel(url: string, size: number): Promise<{ png: string; renderer: string }> };
          try {
            return { ok: true as const, ...(await w.renderModel(path, size)) };
          } catch (error) {
            return { ok: false as const, message: error instanceof Error ? error.message : String(error) };
          }
        },
        { path: `${MODEL_PREFIX}${id}`, size: request.size },
      );
      const result = await withTimeout(evaluation, RENDER_TIMEOUT_MS, signal);
      if (!result.ok) throw new Error(`three.js could not render the model: ${result.message}`);
      return Buffer.from(result.png.slice(result.png.indexOf(',') + 1), 'base64');
    } catch (error) {
      // A page that timed out or was cancelled mid-render is not trusted for the next model.
      if (signal?.aborted || error instanceof RenderTimeout) await this.resetPage();
      throw error;
    } finally {
      this.models.delete(id);
    }
  }

  videoFrame(request: { video: Uint8Array; size: number }, signal?: AbortSignal): Promise<Buffer> {
    const run = this.queue.then(() => this.grabNow(request, signal));
    this.queue = run.catch(() => {});
    return run;
  }

  private async grabNow(request: { video: Uint8Array; size: number }, signal?: AbortSignal): Promise<Buffer> {
    signal?.throwIfAborted();
    const page = await this.openPage(RENDER_SIZE_DEFAULT);
    const id = `video/${++this.counter}`;
    this.models.set(id, request.video);
    try {
      const evaluation = page.evaluate(
        async ({ path, size }) => {
          const w = window as unknown as { videoFrame(url: string, size: number): Promise<string> };
          try {
            return { ok: true as const, png: await w.videoFrame(path, size) };
          } catch (error) {
            return { ok: false as const, message: error instanceof Error ? error.message : String(error) };
          }
        },
        { path: `${VIDEO_PREFIX}${id.slice('video/'.length)}`, size: request.size },
      );
      const result = await withTimeout(evaluation, RENDER_TIMEOUT_MS, signal);
      if (!result.ok) throw new Error(result.message);
      return Buffer.from(result.png.slice(result.png.indexOf(',') + 1), 'base64');
    } catch (error) {
      if (signal?.aborted || error instanceof RenderTimeout) await this.resetPage();
      throw error;
    } finally {
      this.models.delete(id);
    }
  }

  private async resetPage(): Promise<void> {
    const page = this.page;
    this.page = null;
    await page?.then((p) => p.context().close()).catch(() => {});
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => {});
  }
}

// Preview runs that overlap (the demo syncs three accounts at once, each building previews at
// its end) share one browser instead of starting one each.
let shared: { renderer: Promise<ChromiumRenderer>; users: number } | null = null;

/** A lease on the shared Chromium renderer; the browser closes when the last lease is released. */
export async function acquireChromium(): Promise<{ renderer: ChromiumRenderer; release(): Promise<void> }> {
  if (!shared) {
    const entry = { renderer: ChromiumRenderer.launch(), users: 0 };
    shared = entry;
    entry.renderer.catch(() => {
      if (shared === entry) shared = null;
    });
  }
  const entry = shared;
  entry.users++;
  let renderer: ChromiumRenderer;
  try {
    renderer = await entry.renderer;
  } catch (error) {
    entry.users--;
    throw error;
  }
  let released = false;
  return {
    renderer,
    async release() {
      if (released) return;
      released = true;
      if (--entry.users === 0) {
        if (shared === entry) shared = null;
        await renderer.close();
      }
    },
  };
}
