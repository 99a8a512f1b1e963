// The browser shell: the same React UI and the same API table over HTTP on loopback.
// Every request needs the session token (printed in the URL by `holdfast serve`); the first
// visit trades it for an HttpOnly cookie so images, video and the event stream just work.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { Backend } from '../api/backend.js';
import { blobResponse } from '../core/blob/blob-response.js';
import { safeJoin } from '../core/fs/safe-path.js';
import { handleUpload } from './upload.js';
import { handleBundleDownload, isBundleDownload } from './bundle-download.js';
import { setPhoneAccess } from '../core/ar/phone-access.js';
import { handleArPhoneRequest } from './ar-phone-page.js';
import { lanAddresses } from './lan.js';
import { appContentSecurityPolicy, policyForAppFile } from '../common/app-csp.js';

export const CONTENT_SECURITY_POLICY = appContentSecurityPolicy();

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.hdr': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

const MAX_BODY_BYTES = 1024 * 1024;

export interface ServeOptions {
  backend: Backend;
  rendererDir: string;
  port?: number;
  host?: string;
  token?: string;
  /** Also listen on this machine's LAN addresses (for phones on the same Wi-Fi): `serve --lan`.
   *  Tests pass the addresses to accept instead of the machine's. */
  lan?: boolean | { addresses: string[] };
}

export interface RunningServer {
  server: Server;
  port: number;
  token: string;
  /** The URL to open: carries the token once; the page then drops it from the address bar. */
  url: string;
  /** With `lan`: the same app at this machine's LAN address(es), token included. */
  lanUrls: string[];
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? (options.lan ? '0.0.0.0' : '127.0.0.1');
  const lanHosts = options.lan === true ? lanAddresses() : options.lan ? options.lan.addresses : [];
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = options.port ?? 0;
  const cookieName = () => `holdfast_${port}`;

  const tokenMatches = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const authorized = (req: IncomingMessage, url: URL): boolean => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const cookie = parseCookies(req.headers.cookie)[cookieName()];
    return tokenMatches(bearer) || tokenMatches(cookie) || tokenMatches(url.searchParams.get('token'));
  };

  // Only this machine's names for this port: a web page elsewhere that rebinds its DNS name to
  // 127.0.0.1 sends its own Host header and is turned away.
  const hostAllowed = (req: IncomingMessage): boolean => {
    const h = req.headers.host ?? '';
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, ...lanHosts.map((a) => `${a}:${port}`)].includes(h);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: String(error) } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCommonHeaders(res);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (!hostAllowed(req)) return sendText(res, 403, 'Holdfast: this address is not allowed.');
    // A phone's AR link carries its own key, valid for one item's AR page and files only.
    if (url.pathname.startsWith('/ar/') && (await handleArPhoneRequest(req, res, url, options.backend, token))) return;
    if (!authorized(req, url)) {
      return sendText(res, 401, 'Holdfast: open the address printed by `holdfast serve` (it carries the access token).');
    }
    if (url.searchParams.has('token')) {
      // Trade the token for a cookie scoped to this port, and take it out of the address bar.
      res.setHeader('Set-Cookie', `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }

    // Files dropped in the browser (folder import, certificate screenshots): see upload.ts.
    if (url.pathname === '/api/upload') return handleUpload(req, res, url, options.backend.ctx.library.dir);
    // Bundles exported in browser mode (no path chosen): see bundle-download.ts.
    if (isBundleDownload(url.pathname)) return handleBundleDownload(req, res, url, options.backend.ctx.library.dir);

    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return sendText(res, 405, 'use POST');
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return sendText(res, 415, 'send application/json');
      const name = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      let input: unknown;
      try {
        const body = await readBody(req, MAX_BODY_BYTES);
        input = body.length ? JSON.parse(body.toString('utf8')) : undefined;
      } catch (error) {
        return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: `request body is not valid JSON: ${(error as Error).message}` } });
      }
      const result = await options.backend.call(name, input);
      const status = result.ok ? 200 : { invalid_input: 400, unknown_operation: 404, not_found: 404, conflict: 409, cancelled: 409, forbidden: 403, not_implemented: 501, internal: 500 }[result.error.code];
      return sendJson(res, status, result);
    }

    if (url.pathname === '/api/events') return streamEvents(req, res, options.backend);

    if (url.pathname.startsWith('/media/')) {
      const sha = url.pathname.slice('/media/'.length);
      // ?frame=1: an HTML artwork for the app's sandboxed <iframe>; never as a top-level page.
      const dest = req.headers['sec-fetch-dest'];
      const frame = url.searchParams.get('frame') === '1' && (dest === undefined || dest === 'iframe') ? { ancestors: "'self'" } : null;
      const r = blobResponse(options.backend.ctx.library, sha, req.headers.range, { frame });
      res.writeHead(r.status, r.headers);
      if (req.method === 'HEAD' || r.body === null) return void res.end();
      if (typeof r.body === 'string') return void res.end(r.body);
      r.body.on('error', () => res.destroy());
      return void r.body.pipe(res);
    }

    return serveStatic(res, options.rendererDir, url.pathname);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/?token=${token}`;
  const lanUrls = lanHosts.map((a) => `http://${a}:${port}/?token=${token}`);
  if (lanHosts.length) setPhoneAccess(options.backend.ctx.library, { baseUrl: `http://${lanHosts[0]}:${port}`, secret: token });
  return {
    server,
    port,
    token,
    url,
    lanUrls,
    close: () =>
      new Promise<void>((resolve) => {
        if (lanHosts.length) setPhoneAccess(options.backend.ctx.library, null);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

function serveStatic(res: ServerResponse, root: string, pathname: string): void {
  const rel = pathname === '/' ? 'index.html' : pathname.slice(1);
  const path = safeJoin(root, rel);
  if (!path || !existsSync(path) || !statSync(path).isFile()) {
    // Client-side routes live in the hash, so any other path is simply not there.
    return sendText(res, 404, 'not found');
  }
  const type = STATIC_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Security-Policy': policyForAppFile(rel, CONTENT_SECURITY_POLICY),
    'Cache-Control': path.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
  });
  createReadStream(path).pipe(res);
}

function streamEvents(req: IncomingMessage, res: ServerResponse, backend: Backend): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.write(': connected\n\n');
  const unsubscribe = backend.ctx.events.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
  const keepAlive = setInterval(() => res.write(': ping\n\n'), 25_000);
  req.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function defaultRendererDir(fromDir: string): string {
  return join(fromDir, '..', 'renderer');
}
