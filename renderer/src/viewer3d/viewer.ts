// The page's side of the 3D viewer: a canvas whose drawing is handed to a worker
// (model-worker.ts, which holds the three.js scene). The page keeps the canvas's size and
// forwards its pointer and wheel events; the worker reports progress, the first frame and
// play state. With software WebGL (no GPU), drawing on the page's thread froze the UI for
// seconds per open and ~80 ms per animated frame; from the worker the page stays free.
import { forwardControlEvents } from './control-events.js';
import type { FailureReason, FromWorker, ModelInfo, StageSize, ToWorker } from './protocol.js';

export type { ModelInfo } from './protocol.js';

/** Why the model is not shown (see FailureReason); the message is the technical detail. */
export class ModelViewError extends Error {
  override name = 'ModelViewError';
  constructor(
    readonly reason: FailureReason,
    message: string,
  ) {
    super(message);
  }
}

export interface ViewerOptions {
  /** The item's other files by name (a .gltf's buffers and textures), as URLs to load. */
  files?: Record<string, string>;
  onProgress?: (loaded: number, total: number | null) => void;
  /** Called whenever playing/paused changes. */
  onPlaying?: (playing: boolean) => void;
  onAutoRotate?: (on: boolean) => void;
}

/** How long a closing worker may take to free its context before it is stopped outright. */
const DISPOSE_GRACE_MS = 5_000;

export class ModelViewer {
  readonly canvas: HTMLCanvasElement;
  private readonly worker: Worker;
  private readonly resizeObserver: ResizeObserver;
  private readonly stopForwarding: () => void;
  private loading: { resolve(info: ModelInfo): void; reject(error: Error): void } | null = null;
  /** A failure that came before load() asked (the worker could not start or draw). */
  private failure: Error | null = null;
  private disposed = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: ViewerOptions = {},
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'model-canvas';
    if (typeof this.canvas.transferControlToOffscreen !== 'function') throw new ModelViewError('no-webgl', 'OffscreenCanvas is not supported');
    const offscreen = this.canvas.transferControlToOffscreen();
    container.appendChild(this.canvas);
    this.worker = new Worker(new URL('./model-worker.ts', import.meta.url), { type: 'module', name: 'holdfast-model' });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    this.worker.onerror = (event) => this.fail(new Error(event.message || 'the 3D viewer could not start'));
    this.post({ type: 'init', canvas: offscreen, size: this.size(), appBase: document.baseURI }, [offscreen]);
    this.stopForwarding = forwardControlEvents(this.canvas, (message) => this.post(message));
    this.resizeObserver = new ResizeObserver(() => this.post({ type: 'resize', size: this.size() }));
    this.resizeObserver.observe(container);
  }

  /** Loads the model; resolves once its first frame is drawn, with what the file holds. */
  load(url: string): Promise<ModelInfo> {
    const absolute = (u: string) => new URL(u, document.baseURI).href;
    const files = Object.fromEntries(Object.entries(this.options.files ?? {}).map(([name, u]) => [name, absolute(u)]));
    return new Promise<ModelInfo>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.loading = { resolve, reject };
      this.post({ type: 'load', url: absolute(url), files });
    });
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'progress':
        this.options.onProgress?.(message.loaded, message.total);
        return;
      case 'ready':
        this.loading?.resolve(message.info);
        this.loading = null;
        return;
      case 'error':
        this.fail(new ModelViewError(message.reason, message.message));
        return;
      case 'playing':
        this.options.onPlaying?.(message.playing);
        return;
      case 'auto-rotate':
        this.options.onAutoRotate?.(message.on);
        return;
      case 'cursor':
        this.canvas.style.cursor = message.cursor;
        return;
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.loading?.reject(error);
    this.loading = null;
  }

  private post(message: ToWorker, transfer: Transferable[] = []): void {
    if (!this.disposed) this.worker.postMessage(message, transfer);
  }

  private size(): StageSize {
    return { width: this.container.clientWidth, height: this.container.clientHeight, pixelRatio: window.devicePixelRatio || 1 };
  }

  /** Back to the view the model opened with. */
  resetView(): void {
    this.post({ type: 'reset-view' });
  }

  /** Turn and tilt (radians) and zoom (a factor, > 1 nearer), as from the keyboard. */
  nudge(turn: number, tilt: number, zoom = 1): void {
    this.post({ type: 'nudge', turn, tilt, zoom });
  }

  setPlaying(playing: boolean): void {
    this.post({ type: 'play', playing });
  }

  setAutoRotate(on: boolean): void {
    this.post({ type: 'auto-rotate', on });
  }

  /** Stops the downloads and frees the GPU: the worker gives its WebGL context back and closes
   *  itself. */
  dispose(): void {
    if (this.disposed) return;
    this.post({ type: 'dispose' });
    this.disposed = true;
    this.fail(new Error('viewer closed'));
    this.resizeObserver.disconnect();
    this.stopForwarding();
    this.canvas.remove();
    // A worker busy parsing a large model answers late; it is stopped after a grace period.
    setTimeout(() => this.worker.terminate(), DISPOSE_GRACE_MS);
  }
}
