// Browser mode: a bundle exported without a chosen path lands in the library's exports folder
// (see main/api/bundle-handlers.ts) and is offered for download at
// GET /bundles/download/<name>.zip — behind the server's token like everything else; only plain
// .zip names, only that folder.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { EXPORTS_DIR } from '../api/bundle-handlers.js';

const PREFIX = '/bundles/download/';
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.zip$/;

export function isBundleDownload(pathname: string): boolean {
  return pathname.startsWith(PREFIX);
}

export function handleBundleDownload(req: IncomingMessage, res: ServerResponse, url: URL, libraryDir: string): void {
  const plain = (status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(text);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'use GET');
  const name = decodeURIComponent(url.pathname.slice(PREFIX.length));
  if (!NAME.test(name)) return plain(400, 'not a bundle name');
  const path = join(libraryDir, EXPORTS_DIR, name);
  let size: number;
  try {
    const s = statSync(path);
    if (!s.isFile()) return plain(404, 'no such bundle');
    size = s.size;
  } catch {
    return plain(404, 'no such bundle');
  }
  res.writeHead(200, {
    'Content-Type': 'application/zip',
    'Content-Length': String(size),
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
