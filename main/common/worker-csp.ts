// The one file of the app that may generate code: the worker that runs three.js's Basis
// Universal (KTX2) transcoder, whose Emscripten bindings call `new Function` at start-up.
// A dedicated worker loaded from a URL gets the policy served with it (not the page's), so
// both shells serve this file with the policy below: blob: scripts (the loader's worker body,
// made by the page) and eval, but no network (connect-src falls back to 'none') and, being a
// worker, no DOM. Every other file keeps the app's strict policy.

/** Path of the worker under the renderer's folder (renderer/public/workers/…). */
export const BASIS_WORKER_PATH = 'workers/basis-transcoder-worker.js';

export const BASIS_WORKER_CSP = "default-src 'none'; script-src blob: 'unsafe-eval' 'wasm-unsafe-eval'";
