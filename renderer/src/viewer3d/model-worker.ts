// The worker that draws one open model (one worker per open item; viewer.ts starts it). It
// owns the WebGL context through the OffscreenCanvas the page hands over, so loading, shader
// compilation, environment filtering and every frame stay off the page's thread.
import { ControlsElement } from './control-events.js';
import { ModelScene, SceneError } from './model-scene.js';
import type { FailureReason, FromWorker, ToWorker } from './protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
  close(): void;
}
const scope = self as unknown as WorkerScope;
const post = (message: FromWorker) => scope.postMessage(message);
const failure = (error: unknown, reason?: FailureReason): FromWorker => ({
  type: 'error',
  reason: reason ?? (error instanceof SceneError ? error.reason : 'other'),
  message: error instanceof Error ? error.message : String(error),
});

let element: ControlsElement | null = null;
let scene: ModelScene | null = null;

scope.onmessage = ({ data: message }) => {
  try {
    handle(message);
  } catch (error) {
    post(failure(error));
  }
};

function handle(message: ToWorker): void {
  switch (message.type) {
    case 'init':
      element = new ControlsElement((cursor) => post({ type: 'cursor', cursor }));
      try {
        scene = new ModelScene(message.canvas, element, message.size, message.appBase, {
          onProgress: (loaded, total) => post({ type: 'progress', loaded, total }),
          onReady: (info) => post({ type: 'ready', info }),
          onPlaying: (playing) => post({ type: 'playing', playing }),
          onAutoRotate: (on) => post({ type: 'auto-rotate', on }),
        });
      } catch (error) {
        // three throws here when the browser gives no WebGL context.
        post(failure(error, 'no-webgl'));
      }
      return;
    case 'load':
      scene?.load(message.url, message.files).catch((error: unknown) => post(failure(error)));
      return;
    case 'resize':
      scene?.resize(message.size);
      return;
    case 'event':
      element?.replay(message.target, message.event);
      return;
    case 'play':
      scene?.setPlaying(message.playing);
      return;
    case 'auto-rotate':
      scene?.setAutoRotate(message.on);
      return;
    case 'reset-view':
      scene?.resetView();
      return;
    case 'nudge':
      scene?.nudge(message.turn, message.tilt, message.zoom);
      return;
    case 'dispose':
      scene?.dispose(); // gives the WebGL context back
      scene = null;
      scope.close();
      return;
  }
}
