// three's glTF decoders, fed from the scripts the bundle carries instead of from the network or
// neighbouring files (which a file:// page may not fetch):
//   - Draco: DRACOLoader asks for its wrapper and WebAssembly through _loadLibrary; both come
//     from viewer/decoder-draco.js. It runs them in blob: workers, as it always does.
//   - KTX2 / Basis Universal: KTX2Loader.init() fetches its transcoder with a FileLoader; the
//     loader's own LoadingManager points those two names at blob: URLs of the bytes from
//     viewer/decoder-basis.js (a page may fetch its own blob: URLs, file:// or not). Its workers
//     run in a frame with a policy of their own (basis-frame-client.ts).
//   - Meshopt: MeshoptDecoder carries its WebAssembly inline, in viewer.js.
import { LoadingManager } from 'three';
import { DRACOLoader } from 'three/examples/jsm/loaders/DRACOLoader.js';
import { KTX2Loader } from 'three/examples/jsm/loaders/KTX2Loader.js';
import { FrameWorker, transcoderFrame } from './basis-frame-client.js';
import { loadDecoder } from './scripts.js';

export class BundleDRACOLoader extends DRACOLoader {
  constructor() {
    super();
    // Object paths select the WebAssembly decoder; the names only tell _loadLibrary which part.
    this.setDecoderPath({ js: 'draco_wasm_wrapper.js', wasm: 'draco_decoder.wasm' });
  }

  /** Not in three's typings: the hook DRACOLoader loads its two library files through. */
  _loadLibrary(url: string): Promise<string | ArrayBuffer> {
    // The decoder's workers inherit the page's policy; one that refuses WebAssembly (a browser
    // older than 'wasm-unsafe-eval') would leave them waiting forever: say so instead.
    if (!webAssemblyAllowed()) return Promise.reject(new Error('this browser does not run the Draco decoder (WebAssembly) on this page; open the model with a 3D app'));
    return loadDecoder('draco').then((d) => (url.endsWith('.wasm') ? d.wasm.slice(0) : d.js));
  }
}

function webAssemblyAllowed(): boolean {
  try {
    // The smallest module: the magic number and version.
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return true;
  } catch {
    return false;
  }
}

/** The fields of KTX2Loader that init() fills in (plain properties, not in its typings). */
interface KTX2Internals {
  workerSourceURL: string;
  transcoderBinary: ArrayBuffer;
  workerConfig: unknown;
  workerPool: { setWorkerCreator(create: () => Worker): void };
}

export class BundleKTX2Loader extends KTX2Loader {
  private ready: Promise<void> | null = null;

  constructor() {
    super(new LoadingManager());
  }

  override init(): Promise<void> {
    this.ready ??= loadDecoder('basis').then(async (d) => {
      const js = URL.createObjectURL(new Blob([d.js], { type: 'text/javascript' }));
      const wasm = URL.createObjectURL(new Blob([d.wasm], { type: 'application/wasm' }));
      this.manager.setURLModifier((url) => (url.endsWith('basis_transcoder.js') ? js : url.endsWith('basis_transcoder.wasm') ? wasm : url));
      await super.init();
      // three made the worker's source (transcoder + its worker code) as a blob: URL of this
      // page, whose policy forbids the code generation the transcoder needs: the workers run
      // in the transcoder frame instead, from the same source.
      const self = this as unknown as KTX2Internals;
      const source = await (await fetch(self.workerSourceURL)).text();
      const target = await transcoderFrame();
      target.postMessage({ type: 'source', source }, '*');
      self.workerPool.setWorkerCreator(() => {
        const worker = new FrameWorker(target);
        const transcoderBinary = self.transcoderBinary.slice(0);
        worker.postMessage({ type: 'init', config: self.workerConfig, transcoderBinary }, [transcoderBinary]);
        return worker as unknown as Worker;
      });
    });
    return this.ready;
  }
}
