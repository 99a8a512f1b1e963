// Rendering a 3D model to a picture needs WebGL, so it happens in a browser context: in the
// CLI and the browser mode, Debian's Chromium driven by playwright-core (chromium.ts); in the
// Electron app, a hidden offscreen BrowserWindow loading the same page (render-page.ts) — that
// implementation belongs to the Electron shell (main/electron/renderer-3d.ts), which installs it
// here with setDefaultRenderer3D(), so core code never imports Electron.

export interface RenderRequest {
  /** A single-file GLB. */
  glb: Uint8Array;
  /** Square output size in pixels. */
  size: number;
}

export interface Renderer3D {
  /** Human-readable name for records, e.g. "chromium (SwiftShader WebGL)". */
  readonly name: string;
  /** A PNG of the model from a three-quarter view, framed to fit. */
  render(request: RenderRequest, signal?: AbortSignal): Promise<Buffer>;
  /** A PNG frame of a video that came without a poster, fitting in `size` px, if the browser
   *  can decode the video. */
  videoFrame?(request: { video: Uint8Array; size: number }, signal?: AbortSignal): Promise<Buffer>;
  close(): Promise<void>;
}

/** Why there is no renderer, recorded on items whose thumbnail falls back to their poster. */
export class RendererUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RendererUnavailable';
  }
}

/** A renderer for one preview run; release() when the run is over (the renderer may be shared). */
export interface Renderer3DLease {
  renderer: Renderer3D;
  release(): Promise<void>;
}

/** Hands out a renderer, or throws RendererUnavailable saying why there is none. */
export type Renderer3DSource = () => Promise<Renderer3DLease>;

// The renderer preview runs use when none is named: set by the shell that has a better one than
// the system Chromium (the Electron app: its own offscreen window). One per process.
let defaultSource: Renderer3DSource | null = null;

export function setDefaultRenderer3D(source: Renderer3DSource | null): void {
  defaultSource = source;
}

export function defaultRenderer3D(): Renderer3DSource | null {
  return defaultSource;
}

export class RenderTimeout extends Error {}

/** `work`, or a RenderTimeout after `ms`, or the signal's reason once it aborts. */
export function withTimeout<T>(work: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RenderTimeout(`rendering took longer than ${ms / 1000} s`)), ms);
    const onAbort = () => reject(signal!.reason instanceof Error ? signal!.reason : new Error('cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}
