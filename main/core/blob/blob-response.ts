// How a stored blob is answered over HTTP-like transports (the local server and Electron's
// custom protocol): the right type, byte ranges for video seeking, and headers that stop a
// hostile file (an SVG or HTML with script) from running as a page.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { mimeOfBlob } from '../db/items.js';
import type { Library } from '../library.js';
import { isSha256 } from './blob-store.js';

export interface BlobResponse {
  status: number;
  headers: Record<string, string>;
  /** A stream of the bytes, a short plain-text reason for an error, or nothing. */
  body: Readable | string | null;
}

const SAFE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  // A blob opened on its own (not inside <img>) may not run script or load anything.
  'Content-Security-Policy': "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
  'Cache-Control': 'private, max-age=31536000, immutable',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Types that run as a document when framed: an NFT's HTML `animation_url`. */
const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;

/**
 * An HTML artwork shown inside the app's `<iframe sandbox="allow-scripts">`: its scripts run
 * (generative art needs them) in an opaque origin (no `allow-same-origin`: no cookies, no
 * storage, no access to the app), and the policy leaves it no network at all: it may use only
 * what is inline or made in the page (data:, blob:). Only the app's own pages may frame it.
 */
function framedHtmlPolicy(ancestors: string): string {
  return [
    "default-src 'none'",
    "script-src 'unsafe-inline' 'unsafe-eval' data: blob:",
    "style-src 'unsafe-inline' data: blob:",
    'img-src data: blob:',
    'media-src data: blob:',
    'font-src data: blob:',
    "connect-src 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors}`,
    'sandbox allow-scripts',
  ].join('; ');
}

export interface BlobResponseOptions {
  /** The request is for an `<iframe>` of the app (asked with `?frame=1`); `ancestors` is the
   *  CSP source list of the pages allowed to frame it. Only HTML is answered differently. */
  frame?: { ancestors: string } | null;
}

const plain = (status: number, text: string): BlobResponse => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  body: text,
});

export function blobResponse(library: Library, sha256: string, rangeHeader?: string | null, options: BlobResponseOptions = {}): BlobResponse {
  if (!isSha256(sha256)) return plain(400, 'not a blob id');
  const size = library.blobs.size(sha256);
  if (size === null) return plain(404, 'no such file in this library');
  const path = library.blobs.pathOf(sha256);
  const type = mimeOfBlob(library.db, sha256) ?? 'application/octet-stream';
  const headers: Record<string, string> = {
    ...SAFE_HEADERS,
    'Content-Type': type,
    'Accept-Ranges': 'bytes',
    ETag: `"${sha256}"`,
  };
  if (options.frame && HTML_TYPES.test(type)) {
    headers['Content-Security-Policy'] = framedHtmlPolicy(options.frame.ancestors);
    // frame-ancestors decides; browsers ignore X-Frame-Options when it is present.
    headers['X-Frame-Options'] = 'SAMEORIGIN';
    headers['Cache-Control'] = 'no-store';
    headers.Vary = 'Sec-Fetch-Dest';
  }
  if (rangeHeader) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(rangeHeader.trim());
    let start = m?.[1] ? Number(m[1]) : NaN;
    let end = m?.[2] ? Number(m[2]) : NaN;
    if (m && m[1] === '' && m[2] !== '') {
      start = Math.max(0, size - Number(m[2]));
      end = size - 1;
    } else if (m && m[2] === '') {
      end = size - 1;
    }
    if (!m || !Number.isFinite(start) || !Number.isFinite(end) || start > end || start >= size) {
      return { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` }, body: null };
    }
    end = Math.min(end, size - 1);
    return {
      status: 206,
      headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(end - start + 1) },
      body: createReadStream(path, { start, end }),
    };
  }
  return { status: 200, headers: { ...headers, 'Content-Length': String(size) }, body: createReadStream(path) };
}
