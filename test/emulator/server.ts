// The platform emulator: a real HTTP server on loopback that behaves like a custodial 数字藏品
// platform — SMS-code sign-in, session cookies that expire, paged holdings, item details with
// certificates, media behind signed URLs that expire, rate limits, server errors, slow and
// truncated bodies, and a shutdown mode. Tests start it in-process (`startEmulator`); people
// start it with `npm run emulator -- --port N [--shape a|b] [--shutdown]`.
//
// Test-only endpoints live under /__emulator/ (last SMS code, config, stats, expire sessions).
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { holdingsFor, MIME, mediaBytes, normalisePhone, type EmulatedHolding } from './holdings.js';
import { APP_JS, collectionPage, loginPage } from './pages.js';
import { shapes, type Shape, type ShapeName } from './shapes.js';

export type ShutdownMode = 'off' | 'announce' | 'closed';

export interface EmulatorFaults {
  /** Every Nth list/detail request answers 429 with Retry-After. */
  rateLimitEvery?: number;
  retryAfterSeconds?: number;
  /** Every Nth list/detail request answers 503. */
  serverErrorEvery?: number;
  /** Delay before every API answer. */
  slowMs?: number;
  /** Every Nth media download sends half its body, then drops the connection. */
  truncateMediaEvery?: number;
}

export interface EmulatorOptions {
  shape: ShapeName;
  host?: string;
  port?: number;
  /** Holdings per phone number. */
  items?: number;
  /** Default page size of the list endpoint. */
  pageSize?: number;
  sessionTtlSeconds?: number;
  /** A session also ends after this many authenticated API requests (to expire one mid-sync). */
  sessionMaxRequests?: number | null;
  mediaUrlTtlSeconds?: number;
  /** The next N answers with media links carry links that have already expired (to test refresh). */
  expiredMediaLinks?: number;
  faults?: EmulatorFaults;
  shutdown?: ShutdownMode;
  notice?: string;
  /** Where `SMS <phone> <code>` lines go (default: stdout). */
  log?: (line: string) => void;
}

export interface EmulatorStats {
  api: number;
  list: number;
  detail: number;
  media: number;
  mediaByFile: Record<string, number>;
  rateLimited: number;
  serverErrors: number;
  truncated: number;
  expiredMedia: number;
  expiredSessions: number;
  /** Every list and item-page request that reached the API, as path + query, in order. */
  requests: string[];
}

export interface Emulator {
  readonly url: string;
  readonly port: number;
  readonly shape: Shape;
  /** The last SMS code sent to `phone`, or null. */
  lastCode(phone: string): string | null;
  /** Changes options while running (faults, shutdown, TTLs…). */
  configure(patch: Partial<Omit<EmulatorOptions, 'shape' | 'host' | 'port'>>): void;
  /** Ends every session now (the next API call answers "signed out"). */
  expireSessions(): void;
  readonly stats: EmulatorStats;
  resetStats(): void;
  /** Every session cookie value issued so far (tests check they never leak). */
  sessionCookies(): string[];
  /** The holdings the emulator serves to `phone` (what a full sync must end with). */
  holdings(phone: string): EmulatedHolding[];
  close(): Promise<void>;
}

export const DEFAULT_NOTICE = '平台公告：本平台将于 2025 年 12 月 31 日停止运营，请尽快保存您的藏品及证书。';

interface Session {
  phone: string;
  expiresAt: number;
  requests: number;
}

const emptyStats = (): EmulatorStats => ({
  api: 0, list: 0, detail: 0, media: 0, mediaByFile: {}, rateLimited: 0, serverErrors: 0, truncated: 0, expiredMedia: 0, expiredSessions: 0, requests: [],
});

export async function startEmulator(initial: EmulatorOptions): Promise<Emulator> {
  const shape = shapes[initial.shape];
  if (!shape) throw new Error(`unknown emulator shape ${JSON.stringify(initial.shape)} (a or b)`);
  const opts: Required<Omit<EmulatorOptions, 'host' | 'port' | 'log'>> & Pick<EmulatorOptions, 'log'> = {
    shape: initial.shape,
    items: initial.items ?? 7,
    pageSize: initial.pageSize ?? 3,
    sessionTtlSeconds: initial.sessionTtlSeconds ?? 3600,
    sessionMaxRequests: initial.sessionMaxRequests ?? null,
    mediaUrlTtlSeconds: initial.mediaUrlTtlSeconds ?? 300,
    expiredMediaLinks: initial.expiredMediaLinks ?? 0,
    faults: { retryAfterSeconds: 1, ...initial.faults },
    shutdown: initial.shutdown ?? 'off',
    notice: initial.notice ?? DEFAULT_NOTICE,
    log: initial.log,
  };
  const log = opts.log ?? ((line: string) => console.log(line));
  const signingKey = randomBytes(32);
  const codes = new Map<string, { code: string; expiresAt: number }>();
  const sessions = new Map<string, Session>();
  const issued: string[] = [];
  const byId = new Map<string, EmulatedHolding>();
  let stats = emptyStats();
  let faultCounter = 0;
  let mediaCounter = 0;

  const holdingsOf = (phone: string) => {
    const list = holdingsFor(phone, opts.items);
    for (const h of list) byId.set(h.id, h);
    return list;
  };

  const sign = (path: string, expires: number) => createHmac('sha256', signingKey).update(`${path}\n${expires}`).digest('base64url');
  let origin = '';
  let linksExpired = false;
  const link = (h: EmulatedHolding, file: string) => {
    const path = `/media/${h.id}/${file}`;
    const expires = linksExpired ? Date.now() - 1000 : Date.now() + opts.mediaUrlTtlSeconds * 1000;
    return `${origin}${path}?expires=${expires}&signature=${sign(path, expires)}`;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
    res.end(text);
  };
  const html = (res: ServerResponse, text: string) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  };
  const withNotice = (body: unknown) => (opts.shutdown === 'announce' ? shape.announce(body, opts.notice) : body);

  const sessionOf = (req: IncomingMessage): Session | null => {
    const cookie = req.headers.cookie ?? '';
    const sid = cookie
      .split(';')
      .map((c) => c.trim().split('='))
      .find(([k]) => k === shape.cookie)?.[1];
    if (!sid) return null;
    const s = sessions.get(sid);
    if (!s) return null;
    if (Date.now() > s.expiresAt || (opts.sessionMaxRequests !== null && s.requests >= opts.sessionMaxRequests)) {
      sessions.delete(sid);
      stats.expiredSessions++;
      return null;
    }
    return s;
  };

  const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    let text = '';
    for await (const chunk of req) {
      text += String(chunk);
      if (text.length > 10_000) throw new Error('body too large');
    }
    try {
      const v: unknown = JSON.parse(text || '{}');
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;

    // ── test-only control ────────────────────────────────────────────────────────────
    if (path.startsWith('/__emulator/')) {
      if (path === '/__emulator/sms') return send(res, 200, { code: api.lastCode(url.searchParams.get('phone') ?? '') });
      if (path === '/__emulator/stats') return send(res, 200, stats);
      if (path === '/__emulator/expire-sessions' && req.method === 'POST') {
        api.expireSessions();
        return send(res, 200, { ok: true });
      }
      if (path === '/__emulator/config' && req.method === 'POST') {
        api.configure((await readJson(req)) as Partial<EmulatorOptions>);
        return send(res, 200, { ok: true });
      }
      return send(res, 404, { error: 'unknown control endpoint' });
    }

    // ── pages ────────────────────────────────────────────────────────────────────────
    const pageNotice = opts.shutdown === 'off' ? null : opts.notice;
    if (path === '/' || path === '/login') return html(res, loginPage(shape, pageNotice));
    if (path === '/my/collection') {
      if (!sessionOf(req)) {
        res.writeHead(302, { location: '/login' });
        return void res.end();
      }
      return html(res, collectionPage(shape, pageNotice));
    }
    if (path === '/static/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return void res.end(APP_JS);
    }
    if (path.startsWith('/media/')) return serveMedia(req, res, url);

    // ── JSON API ─────────────────────────────────────────────────────────────────────
    stats.api++;
    if (opts.faults.slowMs) await new Promise((r) => setTimeout(r, opts.faults.slowMs));
    if (opts.shutdown === 'closed') {
      const closed = shape.closed(opts.notice);
      return send(res, closed.status, closed.body);
    }

    if (path === shape.paths.smsSend && req.method === 'POST') {
      const phone = normalisePhone(String((await readJson(req))[shape.phoneField] ?? ''));
      if (phone.length < 6 || phone.length > 15) return send(res, 400, shape.error(400, '手机号格式不正确'));
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      codes.set(phone, { code, expiresAt: Date.now() + 5 * 60_000 });
      log(`SMS ${phone} ${code}`);
      return send(res, 200, withNotice(shape.name === 'a' ? { code: 0, msg: 'success', data: { sent: true } } : { status: 'success', result: { sent: true } }));
    }
    if (path === shape.paths.smsVerify && req.method === 'POST') {
      const body = await readJson(req);
      const phone = normalisePhone(String(body[shape.phoneField] ?? ''));
      const sent = codes.get(phone);
      if (!sent || sent.expiresAt < Date.now() || sent.code !== String(body[shape.codeField] ?? '')) {
        return send(res, 400, shape.error(400, '验证码错误或已过期'));
      }
      codes.delete(phone);
      const sid = randomBytes(24).toString('base64url');
      issued.push(sid);
      sessions.set(sid, { phone, expiresAt: Date.now() + opts.sessionTtlSeconds * 1000, requests: 0 });
      holdingsOf(phone);
      return send(res, 200, withNotice(shape.name === 'a' ? { code: 0, msg: 'success', data: { ok: true } } : { status: 'success', result: { ok: true } }), {
        'set-cookie': `${shape.cookie}=${sid}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${opts.sessionTtlSeconds}`,
      });
    }

    const isList = path === shape.paths.list;
    const detailId = !isList ? (shape.name === 'a' ? (path === shape.paths.detail ? shape.detailId(url) : null) : shape.detailId(url)) : null;
    const isMe = path === shape.paths.me;
    if (!isList && detailId === null && !isMe) return send(res, 404, shape.error(404, 'not found'));

    if (!isMe && stats.requests.length < 100_000) stats.requests.push(`${path}${url.search}`);
    const session = sessionOf(req);
    if (!session) {
      const expired = shape.expired();
      return send(res, expired.status, expired.body);
    }
    if (isList || detailId !== null) {
      faultCounter++;
      const f = opts.faults;
      if (f.rateLimitEvery && faultCounter % f.rateLimitEvery === 0) {
        stats.rateLimited++;
        return send(res, 429, shape.error(429, '请求过于频繁'), { 'retry-after': String(f.retryAfterSeconds ?? 1) });
      }
      if (f.serverErrorEvery && faultCounter % f.serverErrorEvery === 0) {
        stats.serverErrors++;
        return send(res, 503, shape.error(503, '服务繁忙'));
      }
    }
    session.requests++;
    if (isMe) return send(res, 200, withNotice(shape.me(session.phone)));
    const all = holdingsOf(session.phone);
    linksExpired = opts.expiredMediaLinks > 0;
    if (linksExpired) opts.expiredMediaLinks--;
    if (isList) {
      stats.list++;
      return send(res, 200, withNotice(shape.list(all, url.searchParams, opts.pageSize, link)));
    }
    stats.detail++;
    const holding = all.find((h) => h.id === detailId);
    if (!holding) return send(res, 404, shape.error(404, '藏品不存在'));
    return send(res, 200, withNotice(shape.detail(holding, link)));
  }

  async function serveMedia(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const m = /^\/media\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const expires = Number(url.searchParams.get('expires'));
    const signature = url.searchParams.get('signature') ?? '';
    const denied = (message: string) => {
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`);
    };
    if (!m || !Number.isFinite(expires) || sign(url.pathname, expires) !== signature) return denied('Signature does not match');
    if (Date.now() > expires) {
      stats.expiredMedia++;
      return denied('Request has expired');
    }
    const holding = byId.get(m[1]!);
    const bytes = holding ? mediaBytes(holding, m[2]!) : null;
    if (!bytes) {
      res.writeHead(404);
      return void res.end();
    }
    const body = Buffer.from(await bytes);
    stats.media++;
    const key = `${m[1]}/${m[2]}`;
    stats.mediaByFile[key] = (stats.mediaByFile[key] ?? 0) + 1;
    const type = MIME[m[2]!.split('.').pop() ?? ''] ?? 'application/octet-stream';
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    let start = 0;
    let end = body.length - 1;
    if (range) {
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]), end) : end;
      if (start > end) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` });
        return void res.end();
      }
    }
    const slice = body.subarray(start, end + 1);
    const headers: Record<string, string> = { 'content-type': type, 'content-length': String(slice.length), 'accept-ranges': 'bytes', 'cache-control': 'private, max-age=60' };
    if (range) headers['content-range'] = `bytes ${start}-${end}/${body.length}`;
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD') return void res.end();
    mediaCounter++;
    if (opts.faults.truncateMediaEvery && mediaCounter % opts.faults.truncateMediaEvery === 0 && slice.length > 1) {
      stats.truncated++;
      res.write(slice.subarray(0, Math.floor(slice.length / 2)));
      // Give the half body a moment to leave, then cut the connection mid-body.
      setTimeout(() => res.destroy(), 20);
      return;
    }
    res.end(slice);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, shape.error(500, error instanceof Error ? error.message : String(error)));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(initial.port ?? 0, initial.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${initial.host ?? '127.0.0.1'}:${port}`;

  const api: Emulator = {
    url: origin,
    port,
    shape,
    lastCode(phone) {
      const sent = codes.get(normalisePhone(phone));
      return sent && sent.expiresAt > Date.now() ? sent.code : null;
    },
    configure(patch) {
      if (patch.faults) opts.faults = { retryAfterSeconds: 1, ...patch.faults };
      for (const key of ['items', 'pageSize', 'sessionTtlSeconds', 'sessionMaxRequests', 'mediaUrlTtlSeconds', 'expiredMediaLinks', 'shutdown', 'notice'] as const) {
        if (patch[key] !== undefined) (opts as Record<string, unknown>)[key] = patch[key];
      }
    },
    expireSessions() {
      stats.expiredSessions += sessions.size;
      sessions.clear();
    },
    get stats() {
      return stats;
    },
    resetStats() {
      stats = emptyStats();
    },
    sessionCookies: () => [...issued],
    holdings: (phone) => holdingsOf(phone),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}
