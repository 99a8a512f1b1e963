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

const plain = (status: number, text: string): BlobResponse => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  body: text,
});

export function blobResponse(library: Library, sha256: string, rangeHeader?: string | null): BlobResponse {
  if (!isSha256(sha256)) return plain(400, 'not a blob id');
  const size = library.blobs.size(sha256);
  if (size === null) return plain(404, 'no such file in this library');
  const path = library.blobs.pathOf(sha256);
  const headers: Record<string, string> = {
    ...SAFE_HEADERS,
    'Content-Type': mimeOfBlob(library.db, sha256) ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    ETag: `"${sha256}"`,
  };
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
