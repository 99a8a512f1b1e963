// The messages between the page's ModelViewer (viewer.ts) and the worker that draws the model
// (model-worker.ts). The worker owns the WebGL context through an OffscreenCanvas, so shader
// compilation, environment filtering and every frame happen off the page's thread: with
// software WebGL (a VM without a GPU) one open used to freeze the page for seconds.

/** What the orbit controls read from a pointer or wheel event (see control-events.ts). */
export interface ForwardedEvent {
  type: string;
  pointerId?: number;
  pointerType?: string;
  button?: number;
  clientX?: number;
  clientY?: number;
  pageX?: number;
  pageY?: number;
  deltaY?: number;
  deltaMode?: number;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
}

/** The canvas's size in CSS pixels, and the screen's pixel ratio. */
export interface StageSize {
  width: number;
  height: number;
  pixelRatio: number;
}

export interface ModelInfo {
  meshes: number;
  triangles: number;
  animations: string[];
  /** Size of the model's bounding box, in the file's units. */
  size: [number, number, number];
}

/** Why a model is not shown: no WebGL context at all, a file that does not parse (damaged or
 *  cut short), a file that could not be fetched, or anything else. */
export type FailureReason = 'no-webgl' | 'damaged' | 'unreadable' | 'other';

export type ToWorker =
  | {
      type: 'init';
      canvas: OffscreenCanvas;
      size: StageSize;
      /** The app's base URL: the Basis transcoder's worker file is found from it. */
      appBase: string;
    }
  | {
      type: 'load';
      /** Absolute URL of the model file. */
      url: string;
      /** A .gltf's other files by the name it gives them, as absolute URLs to load. */
      files: Record<string, string>;
    }
  | { type: 'resize'; size: StageSize }
  /** `target`: the canvas itself, or its document (where the controls follow a drag). */
  | { type: 'event'; target: 'element' | 'document'; event: ForwardedEvent }
  | { type: 'play'; playing: boolean }
  | { type: 'auto-rotate'; on: boolean }
  | { type: 'reset-view' }
  /** From the keyboard: turn and tilt (radians), zoom (a factor: > 1 nearer). */
  | { type: 'nudge'; turn: number; tilt: number; zoom: number }
  | { type: 'dispose' };

export type FromWorker =
  | { type: 'progress'; loaded: number; total: number | null }
  /** Sent once the model's first frame is drawn, so the poster gives way to a picture. */
  | { type: 'ready'; info: ModelInfo }
  | { type: 'error'; reason: FailureReason; message: string }
  | { type: 'playing'; playing: boolean }
  | { type: 'auto-rotate'; on: boolean }
  | { type: 'cursor'; cursor: string };
