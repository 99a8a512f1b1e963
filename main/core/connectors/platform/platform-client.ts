// Talks to a platform the way its own web page does: the profile's requests, with the account's
// session cookies, retrying 429 (honouring Retry-After), 5xx, dropped connections and truncated
// bodies, and turning the profile's signals into typed errors: the session has ended
// (SessionExpiredError) or the platform has shut down (PlatformClosedError). A shutdown notice
// in an otherwise good answer is remembered in `notice`.
import { PlatformClosedError, SessionExpiredError } from '../account-status.js';
import { selectFirst } from './json-path.js';
import type { Match, PlatformProfile, RequestSpec } from './profile.js';
import type { PlatformSession, StoredCookie } from './session-vault.js';

export interface PlatformResponse {
  status: number;
  body: unknown;
  setCookies: StoredCookie[];
}

export interface ClientOptions {
  maxAttempts?: number;
  timeoutMs?: number;
  /** Longest wait a Retry-After may ask for before we give up on the request. */
  maxRetryAfterMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Replaces {name} placeholders; unknown names are left as they are. */
export function fillTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (all, name: string) => (Object.hasOwn(vars, name) ? vars[name]! : all));
}

/** Whether an answer matches: every condition the match has holds. `location` is the absolute
 *  target of a redirect (3xx), else null. */
export function matches(m: Match, status: number, body: unknown, location: string | null = null): boolean {
  if (m.status && !m.status.includes(status)) return false;
  if (m.redirect !== undefined && (location === null || !new RegExp(m.redirect).test(location))) return false;
  if (m.path !== undefined) {
    if (body === undefined) return false;
    const value = selectFirst(body, m.path);
    if (value === undefined) return false;
    if (m.equals !== undefined && value !== m.equals && String(value) !== String(m.equals)) return false;
    if (m.contains !== undefined) {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      if (!m.contains.some((c) => text.includes(c))) return false;
    }
  }
  return true;
}

export function parseSetCookie(header: string): StoredCookie | null {
  const [pair, ...attrs] = header.split(';');
  const eq = pair?.indexOf('=') ?? -1;
  if (!pair || eq <= 0) return null;
  const cookie: StoredCookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() };
  for (const attr of attrs) {
    const [k, v] = attr.split('=').map((s) => s.trim());
    const key = k?.toLowerCase();
    if (key === 'domain' && v) cookie.domain = v.replace(/^\./, '');
    else if (key === 'path' && v) cookie.path = v;
    else if (key === 'max-age' && v && /^-?\d+$/.test(v)) cookie.expires = Math.floor(Date.now() / 1000) + Number(v);
    else if (key === 'expires' && v && cookie.expires === undefined) {
      const t = Date.parse(v);
      if (!Number.isNaN(t)) cookie.expires = Math.floor(t / 1000);
    }
  }
  return cookie;
}

export function cookieHeader(cookies: readonly StoredCookie[], url: URL): string {
  const now = Date.now() / 1000;
  return cookies
    .filter((c) => (c.expires === undefined || c.expires > now) && (!c.domain || url.hostname === c.domain || url.hostname.endsWith(`.${c.domain}`)))
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');
}

export class PlatformClient {
  /** The shutdown notice seen in any answer, if any. */
  notice: string | null = null;
  private readonly base: URL;
  private readonly opts: Required<ClientOptions>;

  constructor(
    readonly profile: PlatformProfile,
    baseUrl: string,
    readonly session: PlatformSession | null,
    options: ClientOptions = {},
  ) {
    this.base = new URL(baseUrl);
    this.opts = { maxAttempts: 6, timeoutMs: 30_000, maxRetryAfterMs: 120_000, ...options };
  }

  urlFor(spec: Pick<RequestSpec, 'path' | 'query'>, vars: Record<string, string> = {}, extraQuery: Record<string, string> = {}): URL {
    const url = new URL(fillTemplate(spec.path, vars), this.base);
    if (url.origin !== this.base.origin) throw new Error(`a profile request left the platform's origin: ${spec.path}`);
    for (const [k, v] of Object.entries(spec.query ?? {})) url.searchParams.set(k, fillTemplate(v, vars));
    for (const [k, v] of Object.entries(extraQuery)) url.searchParams.set(k, v);
    return url;
  }

  /** Performs one profile request; throws the typed errors described above. */
  async request(spec: RequestSpec, signal: AbortSignal, vars: Record<string, string> = {}, extraQuery: Record<string, string> = {}): Promise<PlatformResponse> {
    const url = this.urlFor(spec, vars, extraQuery);
    const headers: Record<string, string> = { accept: 'application/json, text/plain, */*', ...(spec.headers ?? {}) };
    const cookie = this.session ? cookieHeader(this.session.cookies, url) : '';
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (spec.method === 'POST') {
      headers['content-type'] = 'application/json';
      const filled = Object.fromEntries(Object.entries(spec.body ?? {}).map(([k, v]) => [k, typeof v === 'string' ? fillTemplate(v, vars) : v]));
      body = JSON.stringify(filled);
    }
    const what = `${spec.method} ${url.pathname}`;
    let lastProblem = '';
    for (let attempt = 1; attempt <= this.opts.maxAttempts; attempt++) {
      if (attempt > 1) await sleep(Math.min(8000, 250 * 2 ** (attempt - 2)), signal);
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          method: spec.method,
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.any([signal, AbortSignal.timeout(this.opts.timeoutMs)]),
        });
        text = await response.text();
      } catch (error) {
        if (signal.aborted) throw error;
        lastProblem = error instanceof Error ? error.message : String(error);
        continue;
      }
      const status = response.status;
      if (status === 429) {
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? 1000;
        if (wait > this.opts.maxRetryAfterMs) throw new Error(`${what}: the platform asks to wait ${Math.round(wait / 1000)} s (HTTP 429); try the sync later`);
        lastProblem = 'HTTP 429 (rate limited)';
        await sleep(wait, signal);
        attempt--; // a rate limit is the server pacing us, not a failure of the request
        continue;
      }
      const parsed = parseJson(text);
      const shutdown = this.profile.responses.shutdown;
      if (shutdown.status.includes(status)) throw new PlatformClosedError(this.findNotice(parsed) ?? `the platform answered HTTP ${status}: it has shut down`);
      const redirect = status >= 300 && status < 400 ? absoluteUrl(response.headers.get('location') ?? '', url) : null;
      if (this.profile.responses.sessionExpired.some((m) => matches(m, status, parsed, redirect))) throw new SessionExpiredError();
      if (redirect !== null) {
        // A platform sends a signed-out request to its login page.
        if (URL.canParse(redirect) && new URL(redirect).pathname.startsWith(this.profile.signIn.loginPath)) throw new SessionExpiredError();
        throw new Error(`${what}: unexpected redirect (HTTP ${status}) to ${redirect}`);
      }
      if (status >= 500) {
        lastProblem = `HTTP ${status}`;
        continue;
      }
      if (parsed === undefined) {
        // A body cut short, or an HTML error page from a proxy: worth another try.
        lastProblem = `HTTP ${status} with a body that is not JSON (${text.length} bytes)`;
        continue;
      }
      if (status >= 400) throw new Error(`${what}: HTTP ${status} ${summarise(parsed)}`);
      const ok = this.profile.responses.ok;
      if (ok && !matches(ok, status, parsed)) throw new Error(`${what}: the platform answered an error: ${summarise(parsed)}`);
      const notice = this.findNotice(parsed);
      if (notice) this.notice = notice;
      const setCookies = response.headers.getSetCookie().map(parseSetCookie).filter((c): c is StoredCookie => c !== null);
      if (this.session && setCookies.length) mergeCookies(this.session, setCookies);
      return { status, body: parsed, setCookies };
    }
    throw new Error(`${what}: gave up after ${this.opts.maxAttempts} tries (${lastProblem})`);
  }

  private findNotice(body: unknown): string | null {
    for (const path of this.profile.responses.shutdown.noticePath) {
      const v = body === undefined ? undefined : selectFirst(body, path);
      if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 2000);
    }
    return null;
  }
}

export function mergeCookies(session: PlatformSession, fresh: readonly StoredCookie[]): void {
  for (const c of fresh) {
    const i = session.cookies.findIndex((o) => o.name === c.name && (o.domain ?? '') === (c.domain ?? ''));
    if (i >= 0) session.cookies[i] = c;
    else session.cookies.push(c);
  }
}

function absoluteUrl(location: string, base: URL): string {
  try {
    return new URL(location, base).toString();
  } catch {
    return location;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function retryAfterMs(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** A short, secret-free description of an error answer for messages. */
function summarise(body: unknown): string {
  const text = JSON.stringify(body) ?? '';
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
