// What the viewer loads besides the page: bytes that arrive through classic <script> tags,
// because a page opened from file:// may not fetch() or XHR the files beside it (Chromium and
// Firefox both refuse), but it may run a script. Two kinds, both written at export/build time:
//   - viewer/models/<sha256>.js: `HOLDFAST_MODEL("<sha256>","<base64>");` — a model or one of a
//     .gltf's buffers or textures (main/core/export/model-script.ts);
//   - viewer/decoder-<name>.js: `HOLDFAST_DECODER("<name>",{js,wasm});` — three's Draco decoder
//     and Basis Universal transcoder (assets/viewer/build.mjs), loaded once, on first need.

declare global {
  interface Window {
    HOLDFAST_MODEL?: (sha256: string, base64: string) => void;
    HOLDFAST_DECODER?: (name: string, parts: { js: string; wasm: string }) => void;
  }
}

export interface Decoder {
  /** The decoder's JS wrapper, run inside three's worker. */
  js: string;
  wasm: ArrayBuffer;
}

const waitingModels = new Map<string, Array<(bytes: ArrayBuffer) => void>>();
const decoders = new Map<string, Promise<Decoder>>();
const waitingDecoders = new Map<string, (decoder: Decoder) => void>();

function base64Bytes(base64: string): ArrayBuffer {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

window.HOLDFAST_MODEL = (sha256, base64) => {
  const pending = waitingModels.get(sha256);
  if (!pending) return;
  waitingModels.delete(sha256);
  const bytes = base64Bytes(base64);
  for (const resolve of pending) resolve(bytes);
};

window.HOLDFAST_DECODER = (name, parts) => {
  waitingDecoders.get(name)?.({ js: parts.js, wasm: base64Bytes(parts.wasm) });
  waitingDecoders.delete(name);
};

function addScript(src: string, onMissing: () => void): void {
  const script = document.createElement('script');
  script.src = src;
  script.onerror = () => {
    script.remove();
    onMissing();
  };
  script.onload = () => script.remove();
  document.head.append(script);
}

/** The bytes of a file the bundle carries as a model script (viewer/models/<sha256>.js). */
export function loadFileBytes(sha256: string, scriptPath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const pending = waitingModels.get(sha256);
    if (pending) return void pending.push(resolve);
    waitingModels.set(sha256, [resolve]);
    addScript(scriptPath, () => {
      waitingModels.delete(sha256);
      reject(new Error(`${scriptPath} is missing`));
    });
  });
}

/** A decoder shipped with the viewer (viewer/decoder-<name>.js), loaded once. */
export function loadDecoder(name: 'draco' | 'basis'): Promise<Decoder> {
  let pending = decoders.get(name);
  if (!pending) {
    pending = new Promise<Decoder>((resolve, reject) => {
      waitingDecoders.set(name, resolve);
      addScript(`viewer/decoder-${name}.js`, () => {
        waitingDecoders.delete(name);
        decoders.delete(name);
        reject(new Error(`viewer/decoder-${name}.js is missing`));
      });
    });
    decoders.set(name, pending);
  }
  return pending;
}
