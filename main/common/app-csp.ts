// The Content-Security-Policy of the app's own files, for both shells (the HTTP server and
// Electron's holdfast-app:// protocol). They differ only in where media comes from: the same
// origin over HTTP, the holdfast-media: scheme in Electron.

/** The policy of every page and script of the app. `mediaScheme` (e.g. 'holdfast-media:') is
 *  where library files come from when they are not on the app's own origin. */
export function appContentSecurityPolicy(mediaScheme?: string): string {
  const media = mediaScheme ? ` ${mediaScheme}` : '';
  return policy({ media, frames: mediaScheme ?? "'self'", meta: false });
}

/** The same policy as a <meta> tag in index.html, which both shells serve (it is enforced on
 *  top of the header): media and frames from either place; frame-ancestors cannot be set by a
 *  meta tag. The build writes it into index.html (renderer/vite.config.ts). */
export function appMetaContentSecurityPolicy(mediaScheme: string): string {
  return policy({ media: ` ${mediaScheme}`, frames: `'self' ${mediaScheme}`, meta: true });
}

function policy({ media, frames, meta }: { media: string; frames: string; meta: boolean }): string {
  return [
    "default-src 'self'",
    // wasm-unsafe-eval: the 3D viewer's Draco/Basis/Meshopt decoders are WebAssembly (bundled).
    "script-src 'self' 'wasm-unsafe-eval'",
    // The 3D viewer's worker is an app file; the decoders run in workers made from blob: URLs.
    "worker-src 'self' blob:",
    // HTML artworks: the media file with ?frame=1, in a sandboxed frame.
    `frame-src ${frames}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${media}`,
    `media-src 'self' blob:${media}`,
    // blob:/data: let the 3D viewer read a model's embedded textures and buffers (still no network).
    `connect-src 'self'${media} blob: data:`,
    "object-src 'none'",
    "base-uri 'none'",
    ...(meta ? [] : ["frame-ancestors 'none'"]),
    "form-action 'none'",
  ].join('; ');
}

// The one file of the app that may generate code: the worker that runs three.js's Basis
// Universal (KTX2) transcoder, whose Emscripten bindings call `new Function` at start-up.
// A dedicated worker loaded from a URL gets the policy served with it (not the page's), so
// both shells serve this file with the policy below: blob: scripts (the loader's worker body,
// made by the page) and eval, but no network (connect-src falls back to 'none') and, being a
// worker, no DOM. Every other file keeps the app's strict policy.

/** Path of the worker under the renderer's folder (renderer/public/workers/…). */
export const BASIS_WORKER_PATH = 'workers/basis-transcoder-worker.js';

export const BASIS_WORKER_CSP = "default-src 'none'; script-src blob: 'unsafe-eval' 'wasm-unsafe-eval'";

/** The policy to serve a file of the renderer's folder with (`path` relative to it). */
export function policyForAppFile(path: string, appPolicy: string): string {
  return path === BASIS_WORKER_PATH ? BASIS_WORKER_CSP : appPolicy;
}
