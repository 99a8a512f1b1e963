// The two custom schemes of the Electron shell.
//
//   holdfast-app://app/<path>      the built renderer (out/renderer/**), never file://. Paths go
//                                  through safeJoin; anything outside the folder, missing or a
//                                  folder answers 404. Every answer carries the app's CSP.
//   holdfast-media://blob/<sha256> one file of the open library's blob store, answered by the
//                                  core's blobResponse (type, Range/206 for video seeking, safe
//                                  headers). Nothing else is reachable through it.
//
// Both handlers are plain functions of a Request so the tests call them without Electron.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { CustomScheme, Protocol } from 'electron';
import { blobResponse } from '../core/blob/blob-response.js';
import { safeJoin } from '../core/fs/safe-path.js';
import type { Library } from '../core/library.js';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, MEDIA_HOST, MEDIA_SCHEME } from './channels.js';
import { appContentSecurityPolicy, policyForAppFile } from '../common/app-csp.js';

/** The policy for every page of the app (index.html also carries it as a meta tag: app-csp.ts). */
export const APP_CSP = appContentSecurityPolicy(`${MEDIA_SCHEME}:`);

/** Must be registered before `app` is ready (Electron reads them once at startup). */
export const PRIVILEGED_SCHEMES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  // corsEnabled: three.js loads models with fetch(), a cross-origin (cors-mode) request from
  // holdfast-app://app; the answers below allow exactly that origin.
  { scheme: MEDIA_SCHEME, privileges: { secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
];

export function registerPrivilegedSchemes(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);
}

/** What the handlers read from a request: the fields of a fetch Request plus Electron's
 *  `initiatorOrigin` (the origin that really issued it; absent for browser-started loads). */
export interface SchemeRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly initiatorOrigin?: string | null;
}
export type SchemeHandler = (request: SchemeRequest) => Promise<Response>;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.usdz': 'model/vnd.usdz+zip',
  '.hdr': 'application/octet-stream',
  '.ktx2': 'image/ktx2',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

export function mimeOf(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

const APP_HEADERS: Record<string, string> = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

function textResponse(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { ...extra, 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' } });
}

function toWebBody(body: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(body) as unknown as ReadableStream<Uint8Array>;
}

/** The raw (still percent-encoded) path of a holdfast-app://app URL without its leading slash,
 *  '' for the root, or null when the URL is not ours or names a `.`/`..` segment in any
 *  spelling (`../`, `%2e%2e%2f`, `..%5c`). The URL string is split by hand rather than through
 *  `new URL()`, which would quietly resolve dot segments and hide the attempt. */
export function appRelativePath(url: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/i.exec(url);
  if (!m || m[1]!.toLowerCase() !== APP_SCHEME || m[2]!.toLowerCase() !== APP_HOST) return null;
  const rawPath = m[3]!.replace(/^\/+/, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).some((segment) => segment === '..' || segment === '.')) return null;
  return rawPath;
}

export function createAppProtocolHandler(rendererDir: string): SchemeHandler {
  const root = resolve(rendererDir);
  const notFound = () => textResponse(404, 'not found', APP_HEADERS);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed', APP_HEADERS);
    const rel = appRelativePath(request.url);
    if (rel === null) return notFound();
    const file = safeJoin(root, rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel);
    if (!file) return notFound();
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) return notFound();
      size = info.size;
    } catch {
      return notFound();
    }
    const headers = { ...APP_HEADERS, 'Content-Security-Policy': policyForAppFile(rel, APP_CSP), 'Content-Type': mimeOf(file), 'Content-Length': String(size) };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(toWebBody(createReadStream(file)), { status: 200, headers });
  };
}

/** The blob id named by holdfast-media://blob/<id>, or null for any other shape of URL.
 *  The id itself is checked by blobResponse (400 unless it is a lowercase SHA-256). */
export function mediaBlobId(url: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)\/([^/?#]*)(?:[?#].*)?$/i.exec(url);
  if (!m || m[1]!.toLowerCase() !== MEDIA_SCHEME || m[2]!.toLowerCase() !== MEDIA_HOST) return null;
  return m[3]!;
}

/**
 * Serves the blob store of whatever library is open (it can change at runtime). Loads started
 * by another origin are refused: only the app's pages may embed or fetch library files. The
 * core's `Cross-Origin-Resource-Policy: same-origin` suits the HTTP shell, where page and media
 * share one origin; here they are two schemes, so the header is widened and the origin check
 * above plus `Access-Control-Allow-Origin: holdfast-app://app` take its place.
 */
export function createMediaProtocolHandler(getLibrary: () => Library | null): SchemeHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed');
    if (typeof request.initiatorOrigin === 'string' && request.initiatorOrigin !== APP_ORIGIN) {
      return textResponse(403, 'library files are only served to the Holdfast window');
    }
    const id = mediaBlobId(request.url);
    if (id === null) return textResponse(404, 'not found');
    const library = getLibrary();
    if (!library) return textResponse(503, 'no library is open');
    let answer;
    try {
      // ?frame=1: an HTML artwork for the app's sandboxed <iframe>; never as a top-level page.
      const dest = request.headers.get('sec-fetch-dest');
      const framed = /[?&]frame=1(&|#|$)/.test(request.url) && (dest === null || dest === 'iframe');
      answer = blobResponse(library, id, request.headers.get('range'), { frame: framed ? { ancestors: APP_ORIGIN } : null });
    } catch {
      return textResponse(500, 'could not read this file');
    }
    const headers: Record<string, string> = {
      ...answer.headers,
      'Access-Control-Allow-Origin': APP_ORIGIN,
      'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges, Content-Type',
      Vary: 'Origin',
    };
    if ('Cross-Origin-Resource-Policy' in headers) headers['Cross-Origin-Resource-Policy'] = 'cross-origin';
    const { body } = answer;
    if (body === null || typeof body === 'string') {
      return new Response(request.method === 'HEAD' ? null : body, { status: answer.status, headers });
    }
    if (request.method === 'HEAD') {
      body.on('error', () => undefined); // the file may still be opening; nobody reads it
      body.destroy();
      return new Response(null, { status: answer.status, headers });
    }
    return new Response(toWebBody(body), { status: answer.status, headers });
  };
}

/** Installs both handlers on a session's protocol object (the default session's `protocol`). */
export function handleSchemes(
  protocol: Pick<Protocol, 'handle'>,
  options: { rendererDir: string; getLibrary: () => Library | null },
): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(options.rendererDir) as unknown as Parameters<Protocol['handle']>[1]);
  protocol.handle(MEDIA_SCHEME, createMediaProtocolHandler(options.getLibrary) as unknown as Parameters<Protocol['handle']>[1]);
}
