// three's KTX2Loader, with its transcoder workers started from the app's own worker file.
// three builds each worker from a blob: URL, which inherits the page's policy; the Basis
// transcoder inside needs to generate code (`new Function`), which that policy rightly forbids,
// so KTX2 textures never loaded. The worker file (renderer/public/workers/…) is served with a
// policy of its own (main/common/app-csp.ts) and loads the very same blob body. It runs inside
// the model worker (a worker may start workers of its own).
import { KTX2Loader } from 'three/examples/jsm/loaders/KTX2Loader.js';
import { BASIS_WORKER_PATH } from '../../../main/common/app-csp.js';

/** The fields of KTX2Loader that init() fills in (plain JS properties, not in its typings). */
interface KTX2Internals {
  transcoderPending: Promise<void> | null;
  workerSourceURL: string;
  transcoderBinary: ArrayBuffer;
  workerConfig: unknown;
  workerPool: { setWorkerCreator(create: () => Worker): void };
}

export class AppKTX2Loader extends KTX2Loader {
  /** `appBase`: the app's base URL (the page's), where the worker file is found. */
  constructor(private readonly appBase: string) {
    super();
  }

  override init(): Promise<void> {
    const self = this as unknown as KTX2Internals;
    if (self.transcoderPending) return self.transcoderPending;
    const workerUrl = new URL(BASIS_WORKER_PATH, this.appBase).href;
    self.transcoderPending = super.init().then(() => {
      self.workerPool.setWorkerCreator(() => {
        const worker = new Worker(workerUrl);
        worker.postMessage({ type: 'holdfast:load', url: self.workerSourceURL });
        const transcoderBinary = self.transcoderBinary.slice(0);
        worker.postMessage({ type: 'init', config: self.workerConfig, transcoderBinary }, [transcoderBinary]);
        return worker;
      });
    });
    return self.transcoderPending;
  }
}
