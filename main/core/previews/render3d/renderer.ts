// Rendering a 3D model to a picture needs WebGL, so it happens in a browser context: in the
// CLI and the browser mode, Debian's Chromium driven by playwright-core (chromium.ts); in the
// Electron app, a hidden offscreen BrowserWindow loading the same page (render-page.ts) — that
// implementation belongs to the Electron shell, which passes it to buildPreviews().

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
